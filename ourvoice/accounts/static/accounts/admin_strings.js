// The Django admin's script strings that our Khmer catalogue (locale/km/LC_MESSAGES/djangojs.po)
// translates, because Django's Khmer lacks them. No page loads this file: it exists so that
// `make messages` (makemessages -d djangojs) keeps those entries. The msgids must stay
// byte-identical to Django's (django/contrib/admin/locale/en/LC_MESSAGES/djangojs.po).
/* global gettext, ngettext */
ngettext("%(sel)s of %(cnt)s selected", "%(sel)s of %(cnt)s selected", 1);
gettext("You have unsaved changes on individual editable fields. If you run an action, your unsaved changes will be lost.");
gettext("You have selected an action, but you haven’t saved your changes to individual fields yet. Please click OK to save. You’ll need to re-run the action.");
gettext("You have selected an action, and you haven’t made any changes on individual fields. You’re probably looking for the Go button rather than the Save button.");
