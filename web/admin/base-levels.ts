/**
 * `/quan-tri/muc-chuan`: the base levels (mức chuẩn trợ giúp xã hội) by effective date, the one applying today
 * marked. Read-only for now: adding a level from a new decree is `POST /api/admin/base-levels` until its form
 * is built.
 */
import { baseLevelsToday } from '../../app/admin/base-levels';
import type { PageModule } from '../app';
import { renderPage } from '../page';
import { requireOfficer } from '../session';

export const adminBaseLevelPages: PageModule = (router, { deps, views }) => {
  router.get('/quan-tri/muc-chuan', requireOfficer(['admin']), async (_req, res) => {
    const { today, levels } = await baseLevelsToday(deps);
    renderPage(views, res, 'admin/base-levels', {
      title: 'Mức chuẩn trợ giúp xã hội',
      today,
      levels: [...levels].reverse(),
    });
  });
};
