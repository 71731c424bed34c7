/**
 * `/quan-tri/don-vi`: the province's administrative units as a tree (province → district → commune), and a
 * form to add a district or commune through app/admin/units.ts#createUnit, as `POST /api/admin/units` does.
 * The form asks for the level too, although the code decides it (3 digits: district, 5: commune): a
 * mismatch is a typo worth catching before a commune is stored as a district.
 * A double submit gives UNIT_EXISTS on the second post, shown beside the code; the unit exists once.
 */
import { clientAddressOf } from '../../http/client-address';
import { actorOf } from '../../app/audit';
import type { Request, Response } from 'express';
import { formKeyOf, newFormKey, oncePerFormKey } from '../form-once';
import { createUnit, CreateUnitSchema, flattenTree, unitTreeOf, type UnitNode } from '../../app/admin/units';
import { LEVEL_NAMES_VI, levelOfUnitCode } from '../../app/auth/roles';
import { AppError } from '../../app/errors';
import type { PageModule } from '../app';
import { formValues, parseForm } from '../form-errors';
import { renderPage, userOf, type PageFieldError } from '../page';
import { requireOfficer } from '../session';
import { displayDate } from '../format';

const PATH = '/quan-tri/don-vi';
const FIELDS = ['code', 'name', 'level', 'parentCode', 'placeName'] as const;
type Values = Partial<Record<(typeof FIELDS)[number], string>>;

interface NodeView {
  code: string;
  name: string;
  levelText: string;
  placeName: string | null;
  /** 'dd/mm/yyyy' when the unit is no longer in force. */
  abolishedOnText: string | undefined;
  /** 'Huyện Trảng Bom (737)': where a commune belonged before the two-tier reform. */
  formerParentText: string | undefined;
  created: boolean;
  children: NodeView[];
}

function nodeView(node: UnitNode, created: string, names: ReadonlyMap<string, string>): NodeView {
  const formerParent = node.formerParentCode;
  return {
    code: node.code,
    name: node.name,
    levelText: LEVEL_NAMES_VI[node.level],
    placeName: node.placeName,
    abolishedOnText: node.abolishedOn ? displayDate(node.abolishedOn) : undefined,
    formerParentText: formerParent
      ? `${names.get(formerParent) ?? 'đơn vị'} (mã ${formerParent})`
      : undefined,
    created: node.code === created,
    children: node.children.map((child) => nodeView(child, created, names)),
  };
}

export const adminUnitPages: PageModule = (router, { deps, views }) => {
  async function show(
    req: Request,
    res: Response,
    values: Values = {},
    errors: PageFieldError[] = [],
    status = 200,
  ) {
    const tree = await unitTreeOf(deps, userOf(res));
    const created = typeof req.query['da-them'] === 'string' ? req.query['da-them'] : '';
    const units = flattenTree(tree);
    // The page is an admin's, whose tree is the whole province: former districts are in it.
    const names = new Map(units.map((unit) => [unit.code, unit.name]));
    renderPage(
      views,
      res,
      'admin/units',
      {
        title: 'Đơn vị hành chính',
        errors,
        tree: nodeView(tree, created, names),
        created: units.find((unit) => unit.code === created),
        key: newFormKey(),
        form: {
          ...values,
          levels: (['district', 'commune'] as const).map((level) => ({
            value: level,
            text: level === 'district' ? 'Cấp huyện (mã 3 chữ số)' : 'Cấp xã (mã 5 chữ số)',
            checked: (values.level ?? 'commune') === level,
          })),
          // A unit no longer in force takes no new units under it.
          parents: units
            .filter((unit) => unit.level !== 'commune' && !unit.abolishedOn)
            .map((unit) => ({
              value: unit.code,
              text: `${'— '.repeat(unit.depth)}${unit.name} (${unit.code}, ${LEVEL_NAMES_VI[unit.level]})`,
              selected: values.parentCode === unit.code,
            })),
        },
      },
      status,
    );
  }

  router.get(PATH, requireOfficer(['admin']), async (req, res) => {
    await show(req, res);
  });

  router.post(PATH, requireOfficer(['admin']), async (req, res) => {
    const body = (req.body ?? {}) as Record<string, unknown>;
    const values: Values = formValues(body, FIELDS, { trim: true });
    const { level, ...input } = values;
    const parsed = parseForm(CreateUnitSchema, input, {
      whenEmpty: {
        code: 'Nhập mã đơn vị: 3 chữ số cho huyện, 5 chữ số cho xã',
        name: 'Nhập tên đơn vị, ví dụ: Xã Thanh Bình',
        parentCode: 'Chọn đơn vị cấp trên',
      },
    });
    if (!parsed.ok) {
      await show(req, res, values, parsed.errors, 422);
      return;
    }
    const codeLevel = levelOfUnitCode(parsed.data.code);
    if (codeLevel === 'province' || (level && codeLevel !== level)) {
      const message =
        codeLevel === 'province'
          ? 'Mã 2 chữ số là mã tỉnh; chỉ thêm được huyện (3 chữ số) hoặc xã (5 chữ số)'
          : `Đơn vị ${LEVEL_NAMES_VI[level as 'district' | 'commune']} có mã ${level === 'district' ? '3' : '5'} chữ số; mã ${parsed.data.code} là mã ${LEVEL_NAMES_VI[codeLevel as 'district' | 'commune']}`;
      await show(req, res, values, [{ field: 'code', message }], 422);
      return;
    }
    try {
      const user = userOf(res);
      const unit = parsed.data;
      await oncePerFormKey(
        deps,
        { name: 'unit-create', user, key: formKeyOf(req.body), request: unit },
        (client) =>
          createUnit(deps, actorOf(user, clientAddressOf(req)), unit, client).then(({ code }) => ({ code })),
      );
    } catch (error) {
      if (error instanceof AppError && error.fieldErrors) {
        const errors = error.fieldErrors.map((fieldError) => ({
          field: fieldError.path.replace(/^body\./, ''),
          message: fieldError.message,
        }));
        await show(req, res, values, errors, 422);
        return;
      }
      if (error instanceof AppError && error.code === 'UNIT_EXISTS') {
        await show(
          req,
          res,
          values,
          [{ field: 'code', message: `${error.message}. Kiểm tra lại mã trong danh sách.` }],
          409,
        );
        return;
      }
      throw error;
    }
    res.redirect(303, `${PATH}?da-them=${parsed.data.code}#ket-qua`);
  });
};
