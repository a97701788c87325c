/** The pattern of an id (service, location, estate) that every importer checks, declared once. */
export const NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;
