/**
 * Defines `name` on `target` as a non-enumerable getter of `value` and returns `target`: the way to hand a secret
 * to code that reads it as a property (nodemailer's `auth.pass`) while keeping it out of every printout.
 * `util.inspect` shows `[name]: [Getter]` even with `showHidden` (it never calls getters unless asked),
 * `JSON.stringify`, `Object.keys` and spreads skip it, and the value itself lives only in the getter's closure —
 * like the secrets the clients keep in closures or ES private (`#`) fields. Browser-safe.
 *
 * @example
 * ```ts
 * const auth = defineSecretProperty({ user: 's12345_1' }, 'pass', password);
 * auth.pass; // the password
 * util.inspect(auth, { showHidden: true }); // "{ user: 's12345_1', [pass]: [Getter] }"
 * ```
 */
export function defineSecretProperty<T extends object, K extends PropertyKey, V>(
  target: T,
  name: K,
  value: V,
): T & { readonly [P in K]: V } {
  Object.defineProperty(target, name, { get: () => value, enumerable: false, configurable: false });
  return target as T & { readonly [P in K]: V };
}
