/** zod schemas of the task inbox and task actions: requests, answers, and their OpenAPI components. */
import { z } from 'zod';
import { IsoDateSchema, QueryBooleanSchema } from '../schemas';

export const TaskIdSchema = z
  .string()
  .regex(/^[0-9A-Z.]{2,20}-\d{6}-\d{4}\.\d{1,4}$/, { error: 'Mã công việc có dạng <mã hồ sơ>.<số>' })
  .meta({ example: '26170-261123-0001.2' });

export const InboxQuerySchema = z.strictObject({
  status: z.enum(['open', 'done']).default('open'),
  step: z
    .string()
    .regex(/^[a-z][a-z0-9_]*$/, { error: 'Mã bước không hợp lệ' })
    .optional(),
  dueBefore: IsoDateSchema.optional(),
  overdue: QueryBooleanSchema.optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
  cursor: z.string().max(300).optional().meta({ description: 'nextCursor of the previous page' }),
});

export const TaskSchema = z
  .object({
    id: z.string(),
    dossierCode: z.string(),
    kind: z.enum(['intake_check', 'step', 'complaint']),
    stepKey: z.string(),
    title: z.string(),
    procedureTitle: z.string(),
    beneficiaryName: z.string(),
    role: z.string(),
    unitCode: z.string(),
    unitName: z.string().nullable(),
    status: z.enum(['open', 'done', 'cancelled']),
    outcomes: z.array(z.string()),
    bulkAllowed: z.boolean().meta({
      description: 'The step allows approving this task with others (POST /api/tasks/bulk-complete)',
    }),
    openedOn: z.string(),
    dueDate: z.string(),
    workingDaysLeft: z.number().int().nullable().meta({
      description: 'Open tasks: working days from today to the due date; negative = overdue by that many',
    }),
    overdue: z.boolean(),
    claimedBy: z.object({ userId: z.string(), fullName: z.string().nullable() }).nullable(),
    completedOn: z.string().nullable(),
    outcome: z.string().nullable(),
    onTimeStatus: z.string().nullable(),
  })
  .meta({ id: 'Task' });

export const InboxResponseSchema = z
  .object({ tasks: z.array(TaskSchema), nextCursor: z.string().nullable() })
  .meta({ id: 'TaskInbox' });

export const TaskActionResultSchema = z
  .object({ taskId: z.string(), status: z.string(), dossierStatus: z.string() })
  .meta({ id: 'TaskActionResult' });

export const BulkBodySchema = z
  .strictObject({
    taskIds: z
      .array(TaskIdSchema)
      .min(1)
      .max(50)
      .refine((ids) => new Set(ids).size === ids.length, { error: 'Mã công việc bị lặp' }),
    outcome: z.literal('approve', { error: 'Chỉ được duyệt hàng loạt (approve)' }),
    note: z
      .string()
      .trim()
      .min(1)
      .max(2000)
      .transform((text) => text.normalize('NFC'))
      .optional(),
  })
  .meta({ id: 'BulkCompleteRequest' });

export const BulkResponseSchema = z
  .object({
    stepKey: z.string().nullable(),
    succeeded: z.number().int(),
    failed: z.number().int(),
    results: z.array(
      z.object({
        taskId: z.string(),
        ok: z.boolean(),
        status: z.string().optional(),
        code: z.string().optional(),
        message: z.string().optional(),
      }),
    ),
  })
  .meta({ id: 'BulkCompleteResult' });

export const TaskParams = z.strictObject({ id: TaskIdSchema });

export const ReassignBodySchema = z
  .strictObject({
    toUserId: z.uuid({ error: 'Mã người dùng không hợp lệ' }).nullable().meta({
      description: 'The officer who takes the task over; null releases it for anyone of its role',
    }),
  })
  .meta({ id: 'ReassignTaskRequest' });

export type InboxQuery = z.output<typeof InboxQuerySchema>;
export type InboxResponse = z.input<typeof InboxResponseSchema>;
export type TaskItem = z.input<typeof TaskSchema>;
export type BulkBody = z.output<typeof BulkBodySchema>;
export type BulkResponse = z.input<typeof BulkResponseSchema>;
