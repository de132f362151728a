// Checks of values that arrive from forms and the API, defined once for every module.

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** An id as the database makes them. Anything else is "not found" before it reaches the database. */
export const isUuid = (value: string): boolean => UUID.test(value);

// Something, an @, a domain with a dot, and a top-level domain of two or more characters (IDN
// top-level domains in their xn-- form included). The database checks only the @.
const EMAIL = /^[^@\s]+@[^@\s]+\.[^@\s.]{2,}$/;

/** An e-mail address as a person types it. */
export const isEmail = (value: string): boolean => EMAIL.test(value);
