/**
 * `/quan-tri/mau-van-ban`: the document kinds, each with whether the province overrides it; an edit page with
 * the body template in a textarea; 'Xem trước' proves it on the kind's sample data (app/admin/templates.ts,
 * the same check the save and the API make) and shows the result, or Handlebars' message beside the
 * textarea; 'Lưu' saves through saveTemplateOverride.
 *
 * The preview is not inlined into the page: an `<iframe srcdoc>` inherits the page's CSP, whose `style-src
 * 'self'` would strip the document's inline print CSS, and loosening the page's policy for an admin-written
 * template is the wrong way round. Instead the iframe loads `/quan-tri/mau-van-ban/:id/ban-xem-truoc/:hash`,
 * served with its own policy: nothing may load but inline styles and data: images, no scripts, `sandbox`
 * (an opaque origin even when opened on its own), framed only by this site. The page's own CSP needs no
 * change: `frame-src` falls back to `default-src 'self'`. The iframe carries `sandbox` too.
 *
 * 'Lưu' is offered once a preview of the text succeeded, and saves only the text that was previewed: if the
 * admin edited it afterwards, the page previews the new text again instead of saving unseen changes. A double
 * submit of 'Lưu' stores the override once: the form carries a key claimed in the saving transaction
 * (web/form-once.ts).
 */
import { clientAddressOf } from '../../http/client-address';
import { actorOf } from '../../app/audit';
import type { Request, Response } from 'express';
import {
  listTemplates,
  previewHtmlOf,
  previewTemplate,
  saveTemplate,
  templateForEdit,
} from '../../app/admin/templates';
import { AppError } from '../../app/errors';
import type { PageModule } from '../app';
import { displayDateTime } from '../format';
import { formKeyOf, newFormKey, oncePerFormKey } from '../form-once';
import { renderPage, userOf, type PageFieldError } from '../page';
import { requireOfficer } from '../session';

const ADMIN_ONLY = requireOfficer(['admin']);
const LIST = '/quan-tri/mau-van-ban';
const TEMPLATE_ID = /^[a-z][a-z0-9-]{1,60}$/;
const HASH = /^[0-9a-f]{64}$/;
const MAX_SOURCE = 200_000;
/** The preview's own policy (see the top of this file). */
const PREVIEW_CSP =
  "default-src 'none'; style-src 'unsafe-inline'; img-src data:; font-src data:; base-uri 'none'; " +
  "form-action 'none'; frame-ancestors 'self'; sandbox";

function idOf(value: unknown): string {
  const id = typeof value === 'string' ? value : '';
  if (!TEMPLATE_ID.test(id)) throw new AppError(404, 'NOT_FOUND', 'Không có mẫu văn bản này');
  return id;
}

/** Browsers send textarea lines with CRLF; templates are stored with LF, as the built-in ones. */
function sourceOf(body: Record<string, unknown>): string {
  const source = typeof body.source === 'string' ? body.source : '';
  return source.replace(/\r\n/g, '\n');
}

function sourceErrors(source: string): PageFieldError[] {
  if (source.trim() === '') return [{ field: 'source', message: 'Nhập nội dung mẫu văn bản' }];
  if (source.length > MAX_SOURCE) return [{ field: 'source', message: `Mẫu dài tối đa ${MAX_SOURCE} ký tự` }];
  return [];
}

/**
 * Handlebars' message, with its most common case (strict mode: a field the data does not have) said in
 * Vietnamese first; its own words follow, since they name the exact place. "in [object Object]" is noise.
 */
function templateMessage(message: string): string {
  const cleaned = message.replace(/ in \[object Object\]/g, '');
  const unknown = /^"([^"]+)" not defined - (\d+):(\d+)$/.exec(cleaned);
  return unknown
    ? `Dữ liệu của loại văn bản này không có trường "${unknown[1]}" (dòng ${unknown[2]}, cột ${Number(unknown[3]) + 1}). Thông báo của Handlebars: ${cleaned}`
    : cleaned;
}

function rejectedErrors(error: unknown): PageFieldError[] | undefined {
  if (!(error instanceof AppError) || !error.fieldErrors) return undefined;
  return error.fieldErrors.map((fieldError) => ({
    field: 'source',
    message:
      error.code === 'TEMPLATE_REJECTED'
        ? `Mẫu chưa dùng được, chưa lưu. ${templateMessage(fieldError.message)}`
        : fieldError.message,
  }));
}

export const adminTemplatePages: PageModule = (router, { deps, views }) => {
  router.get(LIST, ADMIN_ONLY, async (req, res) => {
    const { templates } = await listTemplates(deps, userOf(res));
    const saved = typeof req.query['da-luu'] === 'string' ? req.query['da-luu'] : '';
    renderPage(views, res, 'admin/templates', {
      title: 'Mẫu văn bản',
      saved: templates.find((template) => template.templateId === saved),
      templates: templates.map((template) => ({
        ...template,
        overrideText: template.override
          ? `Lưu bởi ${template.override.createdBy} lúc ${displayDateTime(template.override.createdAt)}`
          : undefined,
      })),
    });
  });

  async function showEdit(
    req: Request,
    res: Response,
    options: { source?: string; errors?: PageFieldError[]; preview?: string; notice?: string } = {},
    status = 200,
  ) {
    const id = idOf(req.params.id);
    const template = await templateForEdit(deps, userOf(res), id);
    renderPage(
      views,
      res,
      'admin/template-edit',
      {
        title: `Sửa mẫu: ${template.title}`,
        errors: options.errors ?? [],
        template,
        source: options.source ?? template.source,
        overrideText: template.override
          ? `Tỉnh đang dùng mẫu riêng, lưu bởi ${template.override.createdBy} lúc ${displayDateTime(template.override.createdAt)}.`
          : 'Tỉnh đang dùng mẫu chung của hệ thống.',
        preview: options.preview,
        key: newFormKey(),
        notice: options.notice,
      },
      status,
    );
  }

  router.get(`${LIST}/:id`, ADMIN_ONLY, async (req, res) => {
    await showEdit(req, res);
  });

  /** Proves the text; shows it in the preview frame, or the error beside the textarea. */
  async function preview(req: Request, res: Response, source: string, notice?: string) {
    const errors = sourceErrors(source);
    if (errors.length) return showEdit(req, res, { source, errors }, 422);
    try {
      const { version } = await previewTemplate(deps, idOf(req.params.id), source);
      const hash = version.replace(/^sha256:/, '');
      return showEdit(req, res, { source, preview: hash, ...(notice ? { notice } : {}) });
    } catch (error) {
      const pageErrors = rejectedErrors(error);
      if (pageErrors) return showEdit(req, res, { source, errors: pageErrors }, 422);
      throw error;
    }
  }

  router.post(`${LIST}/:id/xem-truoc`, ADMIN_ONLY, async (req, res) => {
    await preview(req, res, sourceOf((req.body ?? {}) as Record<string, unknown>));
  });

  router.post(`${LIST}/:id/luu`, ADMIN_ONLY, async (req, res) => {
    const body = (req.body ?? {}) as Record<string, unknown>;
    const id = idOf(req.params.id);
    const key = formKeyOf(body);
    const source = sourceOf(body);
    const errors = sourceErrors(source);
    if (errors.length) return showEdit(req, res, { source, errors }, 422);
    // Save only what the admin saw: the previewed version must be this very text.
    const { version } = await previewTemplate(deps, id, source).catch((error: unknown) => {
      if (rejectedErrors(error)) return { version: '' };
      throw error;
    });
    if (version === '' || version.replace(/^sha256:/, '') !== body.previewed) {
      return preview(
        req,
        res,
        source,
        'Nội dung đã thay đổi sau lần xem trước. Hãy kiểm tra bản xem trước mới rồi bấm Lưu.',
      );
    }
    try {
      const user = userOf(res);
      await oncePerFormKey(deps, { name: 'template-save', user, key, request: { id, source } }, (client) =>
        saveTemplate(deps, actorOf(user, clientAddressOf(req)), id, source, client).then(({ version }) => ({
          version,
        })),
      );
    } catch (error) {
      const pageErrors = rejectedErrors(error);
      if (pageErrors) return showEdit(req, res, { source, errors: pageErrors }, 422);
      throw error;
    }
    res.redirect(303, `${LIST}?da-luu=${id}#ket-qua`);
  });

  router.get(`${LIST}/:id/ban-xem-truoc/:hash`, ADMIN_ONLY, async (req, res) => {
    const hash = typeof req.params.hash === 'string' ? req.params.hash : '';
    if (!HASH.test(hash)) throw new AppError(404, 'NOT_FOUND', 'Không tìm thấy bản xem trước');
    const html = await previewHtmlOf(deps, idOf(req.params.id), `sha256:${hash}`);
    res.set('Content-Security-Policy', PREVIEW_CSP);
    res.set('Cache-Control', 'private, max-age=300');
    res.type('html').send(html);
  });
};
