/** `/`: the procedures on offer today, a tracking box, and the communes' public postings. */
import { communes } from '../../app/dossiers/postings';
import { proceduresOnOffer } from '../../app/procedures/catalogue';
import type { PageModule } from '../app';
import { renderPage } from '../page';

export const homePage: PageModule = (router, { deps, views }) => {
  router.get('/', async (_req, res) => {
    const [procedures, postings] = await Promise.all([proceduresOnOffer(deps), communes(deps)]);
    renderPage(views, res, 'home', { title: 'Thủ tục trợ giúp xã hội', procedures, communes: postings });
  });
};
