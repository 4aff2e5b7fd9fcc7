import { MailUpError } from '@mailup-kit/core';
import { fieldCode, id, invalid, text } from './frontend-validate.js';

/** What {@link renderSubscribeForm} renders. */
export interface SubscribeFormOptions {
  /** The account's console host, e.g. `http://abcd.emailsp.net`; the form posts to `<host>/frontend/subscribe.aspx`. */
  consoleUrl: string;
  /** Lists offered: one is a hidden input, several are checkboxes (`checked` ticks one by default). */
  lists: ReadonlyArray<{ id: number; name: string; checked?: boolean }>;
  /** Groups offered as checkboxes. */
  groups?: ReadonlyArray<{ id: number; name: string }>;
  /** Extra recipient fields: code (`campo1`) or number, and the label shown. */
  fields?: ReadonlyArray<{ code: string | number; label: string; required?: boolean }>;
  /** Confirmed opt-in (default true). `false` adds `confirm=0`: turning it off is explicit. */
  confirm?: boolean;
  /** Sender of the confirmation email (`Dynsndmail` / `dynsndname`). */
  senderEmail?: string;
  senderName?: string;
  /** Texts (default English). */
  labels?: { email?: string; submit?: string; lists?: string; groups?: string };
  /** `id` attribute of the form (default `mailup-subscribe`). */
  formId?: string;
}

/** Escapes text for HTML content and double-quoted attributes. */
export function escapeHtml(value: string): string {
  return value.replace(/[&<>"'`=]/g, (c) => `&#${c.charCodeAt(0)};`);
}

/**
 * Renders an HTML subscription form for MailUp's `subscribe.aspx` (REFERENCE §4.1): `email`, `list` (hidden for
 * one, checkboxes for several), `group` checkboxes, `campoN` fields, `confirm`, `Dynsndmail`/`dynsndname`. Every
 * value is HTML-escaped; ids, field codes and the URL are checked (a `validation` MailUpError otherwise).
 *
 * @example
 * ```ts
 * const html = renderSubscribeForm({ consoleUrl: 'http://abcd.emailsp.net', lists: [{ id: 1, name: 'News' }] });
 * ```
 */
export function renderSubscribeForm(options: SubscribeFormOptions): string {
  const op = 'renderSubscribeForm';
  if (!options || typeof options !== 'object') throw invalid(op, 'options are required');
  let action: URL;
  try {
    action = new URL('/frontend/subscribe.aspx', text(op, 'consoleUrl', options.consoleUrl));
  } catch (error) {
    if (MailUpError.is(error)) throw error;
    throw invalid(op, 'consoleUrl must be an absolute http(s) URL');
  }
  if (action.protocol !== 'http:' && action.protocol !== 'https:') throw invalid(op, 'consoleUrl must be http(s)');
  if (!Array.isArray(options.lists) || options.lists.length === 0) throw invalid(op, 'lists must be a non-empty array');
  const e = (name: string, value: unknown) => escapeHtml(text(op, name, value));
  const labels = options.labels ?? {};
  const formId = e('formId', options.formId ?? 'mailup-subscribe');
  const out: string[] = [
    `<form id="${formId}" method="post" action="${escapeHtml(action.toString())}" accept-charset="utf-8">`,
    `  <label>${e('labels.email', labels.email ?? 'Email')} <input type="email" name="email" required maxlength="254"></label>`,
  ];
  for (const field of options.fields ?? []) {
    const code = fieldCode(op, field.code);
    const required = field.required === true ? ' required' : '';
    out.push(
      `  <label>${e('field label', field.label)} <input type="text" name="${code}" maxlength="4000" pattern="^(?!.*--)[^;]*$"${required}></label>`,
    );
  }
  if (options.lists.length === 1) {
    const list = options.lists[0] as { id: number };
    out.push(`  <input type="hidden" name="list" value="${id(op, 'list id', list.id)}">`);
  } else {
    out.push(`  <fieldset><legend>${e('labels.lists', labels.lists ?? 'Lists')}</legend>`);
    for (const list of options.lists) {
      const checked = list.checked === true ? ' checked' : '';
      out.push(
        `    <label><input type="checkbox" name="list" value="${id(op, 'list id', list.id)}"${checked}> ${e('list name', list.name)}</label>`,
      );
    }
    out.push('  </fieldset>');
  }
  if (options.groups && options.groups.length > 0) {
    out.push(`  <fieldset><legend>${e('labels.groups', labels.groups ?? 'Interests')}</legend>`);
    for (const group of options.groups) {
      out.push(
        `    <label><input type="checkbox" name="group" value="${id(op, 'group id', group.id)}"> ${e('group name', group.name)}</label>`,
      );
    }
    out.push('  </fieldset>');
  }
  if (options.confirm !== undefined && typeof options.confirm !== 'boolean')
    throw invalid(op, 'confirm must be a boolean');
  out.push(`  <input type="hidden" name="confirm" value="${options.confirm === false ? '0' : '1'}">`);
  if (options.senderEmail !== undefined) {
    out.push(`  <input type="hidden" name="Dynsndmail" value="${e('senderEmail', options.senderEmail)}">`);
  }
  if (options.senderName !== undefined) {
    out.push(`  <input type="hidden" name="dynsndname" value="${e('senderName', options.senderName)}">`);
  }
  out.push(`  <button type="submit">${e('labels.submit', labels.submit ?? 'Subscribe')}</button>`, '</form>');
  return out.join('\n');
}
