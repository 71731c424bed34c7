/** The dossier register's request, as the API's query and the officer page's form both send it. */
import { z } from 'zod';

export const REGISTER_FORMATS = ['html', 'pdf', 'xlsx'] as const;
export type RegisterFormat = (typeof REGISTER_FORMATS)[number];

export const RegisterQuerySchema = z.strictObject({
  unitCode: z
    .string()
    .regex(/^\d{2,5}$/, 'Mã đơn vị gồm 2 đến 5 chữ số')
    .meta({
      description: 'The unit whose register it is (its communes’ dossiers); must be in the caller’s scope',
    }),
  from: z.iso.date().meta({ description: 'First day of receipt, YYYY-MM-DD' }),
  to: z.iso.date().meta({ description: 'Last day of receipt, YYYY-MM-DD; at most a year after `from`' }),
  format: z.enum(REGISTER_FORMATS).default('html').meta({
    description: 'html: the print view (landscape A4); pdf: printed; xlsx: a workbook, streamed',
  }),
});
