{% include "enterprise_support/public/js/desk_fields.js" %}

// No amount shows blank, not 0.00, in the list and the report view (public/js/desk_fields.js).
enterprise_support.desk.prepare("Policy Item");
