/**
 * `/niem-yet/:communeCode`: the commune's current public posting, and anyone's objection to one of its entries
 * while it is open (name and phone required, so the chairman can answer; counted per client address).
 */
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { filePublicComplaint } from '../../app/dossiers/citizen';
import { communePosting } from '../../app/dossiers/postings';
import { DossierCodeSchema, PublicComplaintBodySchema } from '../../app/dossiers/schemas';
import { AppError } from '../../app/errors';
import { clientAddressOf } from '../../http/client-address';
import type { PageModule } from '../app';
import { parseForm } from '../form-errors';
import { renderPage, type PageFieldError } from '../page';

const CommuneCodeSchema = z.string().regex(/^\d{2,10}$/);

export const postingPages: PageModule = (router, { deps, views }) => {
  const show = async (
    res: Parameters<typeof renderPage>[1],
    communeCode: string,
    extra: { values?: Record<string, unknown>; errors?: PageFieldError[]; filed?: string; formFor?: string },
    status = 200,
  ) => {
    const posting = await communePosting(deps, communeCode);
    renderPage(
      views,
      res,
      'posting',
      {
        title: `Niêm yết công khai – ${posting.commune.name}`,
        posting,
        // A fresh id per rendered form: sending the same form twice files one objection.
        complaintId: randomUUID(),
        ...extra,
      },
      status,
    );
  };

  router.get('/niem-yet/:communeCode', async (req, res) => {
    const communeCode = CommuneCodeSchema.safeParse(req.params.communeCode);
    if (!communeCode.success) throw new AppError(404, 'NOT_FOUND', 'Không tìm thấy xã, phường, thị trấn này');
    await show(res, communeCode.data, {});
  });

  router.post('/niem-yet/:communeCode/:code/khieu-nai', async (req, res) => {
    const communeCode = CommuneCodeSchema.safeParse(req.params.communeCode);
    const code = DossierCodeSchema.safeParse(req.params.code);
    if (!communeCode.success || !code.success) throw new AppError(404, 'NOT_FOUND', 'Không tìm thấy hồ sơ');
    const body = (req.body ?? {}) as Record<string, unknown>;
    const values = {
      complainant: body.complainant,
      phone: body.phone,
      content: body.content,
      complaintId: body.complaintId,
    };
    const parsed = parseForm(PublicComplaintBodySchema, values, {
      whenEmpty: {
        complainant: 'Nhập họ và tên người gửi',
        phone: 'Nhập số điện thoại để Ủy ban nhân dân cấp xã liên hệ trả lời',
        content: 'Nhập nội dung ý kiến, khiếu nại',
        complaintId: 'Biểu mẫu đã cũ, vui lòng tải lại trang',
      },
    });
    if (!parsed.ok) {
      const errors = parsed.errors.map((error) => ({ ...error, field: `${error.field}-${code.data}` }));
      await show(res, communeCode.data, { values, errors, formFor: code.data }, 422);
      return;
    }
    try {
      const accepted = await filePublicComplaint(
        deps,
        { code: code.data, clientAddress: clientAddressOf(req) },
        parsed.data,
      );
      await show(res, communeCode.data, { filed: accepted.message });
    } catch (error) {
      if (error instanceof AppError && (error.status === 409 || error.status === 429)) {
        await show(
          res,
          communeCode.data,
          { values, errors: [{ field: `content-${code.data}`, message: error.message }], formFor: code.data },
          error.status,
        );
        return;
      }
      throw error;
    }
  });
};
