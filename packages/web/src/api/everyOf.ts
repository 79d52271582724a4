/**
 * A literal list that must hold every member of the union T, in the API's generated types: when
 * the server adds a value to an enum (a new severity, a new role), the web build fails until the
 * screen offers it too. test/choices.test.ts also holds each list equal to the OpenAPI document's.
 */
export const everyOf =
  <T extends string>() =>
  <const A extends readonly T[]>(values: A & ([T] extends [A[number]] ? unknown : never)) =>
    values;
