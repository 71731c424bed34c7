/** `/`: the procedures on offer today and a tracking box. */
import { proceduresOnOffer } from '../../app/procedures/catalogue';
import type { PageModule } from '../app';
import { renderPage } from '../page';

export const homePage: PageModule = (router, { deps, views }) => {
  router.get('/', async (_req, res) => {
    renderPage(views, res, 'home', {
      title: 'Thủ tục trợ giúp xã hội',
      procedures: await proceduresOnOffer(deps),
    });
  });
};
