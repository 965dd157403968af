import type { FastifyReply } from 'fastify';
import type { z } from 'zod';
import { InvalidField } from '../../app/catalog/invalid-field.ts';
import { formValues, parseForm, type FormValues } from './panel-form.ts';
import type { PanelRequest } from './panel-route.ts';
import { seeOther, type PageOptions } from './panel-view.ts';

/**
 * The values typed into a form, to show again after an error. A ticked checkbox posts
 * its hidden twin too (`['', 'on']`): it is shown ticked (`'on'`) again.
 */
export function typedValues(body: unknown, checkboxes: readonly string[]): FormValues {
  const values = formValues(body);
  for (const name of checkboxes) values[name] = [values[name] ?? ''].flat().includes('on') ? 'on' : '';
  return values;
}

/** How a set-up form (service, resource, promo code) is saved and shown again. */
export interface CatalogFormSubmit<S extends z.ZodType> {
  /** The use case's own input schema: checked here first, for errors next to the fields. */
  schema: S;
  /** Names of the form's checkboxes (see {@link typedValues}). */
  checkboxes: readonly string[];
  /** Calls the use case with the values posted. */
  save: (values: FormValues) => Promise<{ id: string }>;
  /** Renders the form again with errors (status 422) and the values typed. */
  show: (page: PageOptions) => Promise<FastifyReply>;
  /** Where to go once saved. */
  savedUrl: (id: string) => string;
}

/**
 * Checks a posted set-up form, saves it and redirects (303); a value the schema or the
 * business's own data refuses (`InvalidField`: a taken code, an unknown resource kind)
 * shows the form again with the error next to its field and every value kept.
 */
export async function submitCatalogForm<S extends z.ZodType>(request: PanelRequest, reply: FastifyReply, submit: CatalogFormSubmit<S>): Promise<FastifyReply> {
  const values = typedValues(request.body, submit.checkboxes);
  const form = parseForm(submit.schema, request.body);
  if (!form.ok) return submit.show({ status: 422, errors: form.errors, values });
  try {
    const { id } = await submit.save(formValues(request.body));
    return seeOther(reply, submit.savedUrl(id));
  } catch (error) {
    if (error instanceof InvalidField) return submit.show({ status: 422, errors: { [error.field]: error.reason }, values });
    throw error;
  }
}
