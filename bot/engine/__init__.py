"""The core: runtime, dispatcher, routes, context, action ids, i18n, permissions."""
