/**
 * A UUID as PostgreSQL writes it, in either case: the one form of id the server sends to the
 * database (anything else would fail the `::uuid` cast there, a 500) and can match in its
 * answers (which come back in lower case).
 */
export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
