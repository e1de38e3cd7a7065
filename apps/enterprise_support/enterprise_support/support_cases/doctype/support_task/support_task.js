{% include "enterprise_support/public/js/desk_fields.js" %}

// Dates without a time-zone line, Select values in the task's words (public/js/desk_fields.js).
enterprise_support.desk.prepare("Support Task");
