/**
 * `/can-bo/viec-can-lam`: the officer's tasks, what is due first on top, each with its deadline as a colour,
 * an icon and words (Quá hạn / Sắp đến hạn / Còn hạn); filters by status, step and overdue; claim and
 * release as plain forms (they work without JavaScript) that come back to the same list.
 */
import { z } from 'zod';
import { OFFICER_ROLES, READ_ONLY_ROLES, claimOrReleaseTask, taskInbox } from '../../app/tasks/inbox';
import { InboxQuerySchema, TaskIdSchema, type TaskItem } from '../../app/tasks/schemas';
import { AppError } from '../../app/errors';
import type { PageModule } from '../app';
import { formErrors } from '../form-errors';
import { localsOf, renderPage, safeReturnPath } from '../page';
import { requireOfficer } from '../session';

/** ≤ 2 working days left is "Sắp đến hạn" (UI.md). */
const SOON_WORKING_DAYS = 2;

export type DeadlineTone = 'overdue' | 'soon' | 'ok' | 'done';

export function deadlineOf(task: TaskItem): { tone: DeadlineTone; text: string; detail: string } {
  if (task.status !== 'open') {
    return { tone: 'done', text: task.onTimeStatus ?? 'Đã xử lý', detail: '' };
  }
  const left = task.workingDaysLeft ?? 0;
  if (task.overdue) {
    return { tone: 'overdue', text: 'Quá hạn', detail: `quá ${Math.max(1, -left)} ngày làm việc` };
  }
  if (left <= SOON_WORKING_DAYS) {
    return {
      tone: 'soon',
      text: 'Sắp đến hạn',
      detail: left === 0 ? 'hạn hôm nay' : `còn ${left} ngày làm việc`,
    };
  }
  return { tone: 'ok', text: 'Còn hạn', detail: `còn ${left} ngày làm việc` };
}

const FilterSchema = InboxQuerySchema.pick({ status: true, step: true, overdue: true, cursor: true });
const INBOX = '/can-bo/viec-can-lam';

export const inboxPage: PageModule = (router, { deps, views }) => {
  router.get(INBOX, requireOfficer([...OFFICER_ROLES, ...READ_ONLY_ROLES]), async (req, res) => {
    const query = Object.fromEntries(
      Object.entries(req.query).filter(([, value]) => typeof value === 'string' && value !== ''),
    );
    const parsed = FilterSchema.safeParse(query);
    const filter = parsed.success ? parsed.data : { status: 'open' as const };
    const user = localsOf(res).auth!.user;
    const page = await taskInbox(deps, user, { ...filter, limit: 50 });
    const tasks = page.tasks.map((task) => ({ ...task, deadline: deadlineOf(task) }));
    const steps = [...new Map(tasks.map((task) => [task.stepKey, task.title])).entries()];
    renderPage(views, res, 'officer/inbox', {
      title: 'Việc cần làm',
      tasks,
      steps: steps.map(([key, title]) => ({ key, title, selected: key === filter.step })),
      filter,
      counts: {
        overdue: tasks.filter((task) => task.deadline.tone === 'overdue').length,
        soon: tasks.filter((task) => task.deadline.tone === 'soon').length,
        ok: tasks.filter((task) => task.deadline.tone === 'ok').length,
      },
      canAct: (OFFICER_ROLES as readonly string[]).includes(user.role),
      nextPage: page.nextCursor
        ? `${INBOX}?${new URLSearchParams({ ...query, cursor: page.nextCursor }).toString()}`
        : null,
      errors: parsed.success ? [] : formErrors(parsed.error),
    });
  });

  const ActionSchema = z.object({ back: z.string().optional() });
  for (const kind of ['claim', 'release'] as const) {
    router.post(
      `/can-bo/cong-viec/:id/${kind === 'claim' ? 'nhan' : 'tra'}`,
      requireOfficer(OFFICER_ROLES),
      async (req, res) => {
        const id = TaskIdSchema.safeParse(req.params.id);
        if (!id.success) throw new AppError(404, 'NOT_FOUND', 'Không tìm thấy công việc');
        await claimOrReleaseTask(deps, localsOf(res).auth!.user, id.data, kind);
        const back = ActionSchema.safeParse(req.body);
        res.redirect(303, safeReturnPath(back.success ? back.data.back : undefined, INBOX));
      },
    );
  }
};
