{% include "enterprise_support/public/js/desk_fields.js" %}

// Select values in the task's words, in the list and the report view (public/js/desk_fields.js).
enterprise_support.desk.prepare("Support Task");
