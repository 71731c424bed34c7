/**
 * How an entitlement is paid (DOMAIN.md §8, Decree 20 Art. 34): into a bank account, into an e-wallet, or in
 * cash through the contracted payer. Since Directive 21/CT-TTg (2022) non-cash payment is the rule and cash
 * the exception, so choosing cash needs a written reason. Pure lists and checks: app/payments builds the
 * request schema from them, the pages their pickers.
 */

export const PAYMENT_METHODS = ['bank_account', 'e_wallet', 'cash'] as const;
export type PaymentMethod = (typeof PAYMENT_METHODS)[number];

export const PAYMENT_METHOD_TITLES: Readonly<Record<PaymentMethod, string>> = {
  bank_account: 'Chuyển khoản vào tài khoản ngân hàng',
  e_wallet: 'Chuyển vào ví điện tử',
  cash: 'Nhận tiền mặt qua tổ chức dịch vụ chi trả',
};

/**
 * Banks a beneficiary's account may be at: short code as banks and NAPAS name them, the NAPAS bank
 * identification number (BIN, as VietQR transfers use it) and the name people know [S: the banks' published
 * BINs]. A bank not here is added to this list (one place), not typed freely: a typo in a bank name sends money
 * nowhere. Ordered by the name shown.
 */
export interface Bank {
  code: string;
  bin: string;
  name: string;
}
export const BANKS: readonly Bank[] = [
  { code: 'ACB', bin: '970416', name: 'Ngân hàng TMCP Á Châu (ACB)' },
  { code: 'VBA', bin: '970405', name: 'Ngân hàng Nông nghiệp và Phát triển Nông thôn Việt Nam (Agribank)' },
  { code: 'BIDV', bin: '970418', name: 'Ngân hàng TMCP Đầu tư và Phát triển Việt Nam (BIDV)' },
  { code: 'HDB', bin: '970437', name: 'Ngân hàng TMCP Phát triển Thành phố Hồ Chí Minh (HDBank)' },
  { code: 'LPB', bin: '970449', name: 'Ngân hàng TMCP Lộc Phát Việt Nam (LPBank)' },
  { code: 'MB', bin: '970422', name: 'Ngân hàng TMCP Quân đội (MB)' },
  { code: 'MSB', bin: '970426', name: 'Ngân hàng TMCP Hàng Hải Việt Nam (MSB)' },
  { code: 'STB', bin: '970403', name: 'Ngân hàng TMCP Sài Gòn Thương Tín (Sacombank)' },
  { code: 'SHB', bin: '970443', name: 'Ngân hàng TMCP Sài Gòn - Hà Nội (SHB)' },
  { code: 'TCB', bin: '970407', name: 'Ngân hàng TMCP Kỹ Thương Việt Nam (Techcombank)' },
  { code: 'TPB', bin: '970423', name: 'Ngân hàng TMCP Tiên Phong (TPBank)' },
  { code: 'VCB', bin: '970436', name: 'Ngân hàng TMCP Ngoại thương Việt Nam (Vietcombank)' },
  { code: 'ICB', bin: '970415', name: 'Ngân hàng TMCP Công Thương Việt Nam (VietinBank)' },
  { code: 'VIB', bin: '970441', name: 'Ngân hàng TMCP Quốc tế Việt Nam (VIB)' },
  { code: 'VPB', bin: '970432', name: 'Ngân hàng TMCP Việt Nam Thịnh Vượng (VPBank)' },
];

export function bankOf(code: string): Bank | undefined {
  return BANKS.find((bank) => bank.code === code);
}

/** E-wallets, each reached by the holder's mobile number. */
export const E_WALLETS = [
  { code: 'viettel_money', name: 'Viettel Money' },
  { code: 'vnpt_money', name: 'VNPT Money' },
  { code: 'momo', name: 'MoMo' },
  { code: 'zalopay', name: 'ZaloPay' },
] as const;
export type EWalletCode = (typeof E_WALLETS)[number]['code'];

export function eWalletOf(code: string): (typeof E_WALLETS)[number] | undefined {
  return E_WALLETS.find((wallet) => wallet.code === code);
}

/** An account number as typed, without the spaces, dots and dashes people group it with. */
export function plainAccountNumber(input: string): string {
  return input.replace(/[\s.-]/g, '');
}

/**
 * Why an account number cannot be right (Vietnamese), or undefined. Vietnamese banks issue numeric account
 * numbers of 6 to 19 digits (19 is the card-number length some banks reuse as the account); letters mean a
 * name or a card was typed in the wrong field.
 */
export function accountNumberProblem(input: string): string | undefined {
  const digits = plainAccountNumber(input);
  if (!digits) return 'Nhập số tài khoản';
  if (!/^\d+$/.test(digits)) return 'Số tài khoản chỉ gồm chữ số';
  if (digits.length < 6 || digits.length > 19) return 'Số tài khoản gồm từ 6 đến 19 chữ số';
  return undefined;
}

/**
 * The account holder's name as banks print it: upper case without diacritics ("NGUYEN THI HOA"). The payer's
 * file carries it so the bank can match the account to the person; stored as typed (with diacritics) and
 * converted here, in one place.
 */
export function bankAccountName(name: string): string {
  return name
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/đ/g, 'd')
    .replace(/Đ/g, 'D')
    .toUpperCase()
    .replace(/\s+/g, ' ')
    .trim();
}

/** A payee as the payer's file words it: where the money goes, and who may collect it for the beneficiary. */
export interface PayeeForFile {
  method: PaymentMethod;
  bankCode: string | null;
  accountNumber: string | null;
  accountHolder: string | null;
  walletProvider: string | null;
  walletPhone: string | null;
  recipientName: string | null;
  recipientRelation: string | null;
}

/** 'Agribank (BIN 970405) 5100205012345 – NGUYEN THI HOA', 'Viettel Money 0912345678', 'Tiền mặt'. */
export function payeeDestination(payee: PayeeForFile): string {
  if (payee.method === 'bank_account') {
    const bank = bankOf(payee.bankCode ?? '');
    const name = bank ? `${bank.code} (BIN ${bank.bin})` : (payee.bankCode ?? '');
    return `${name} ${payee.accountNumber ?? ''} – ${bankAccountName(payee.accountHolder ?? '')}`;
  }
  if (payee.method === 'e_wallet') {
    return `${eWalletOf(payee.walletProvider ?? '')?.name ?? payee.walletProvider ?? ''} ${payee.walletPhone ?? ''}`;
  }
  return 'Tiền mặt';
}

/** The authorised recipient by name and relation — never the ID number: it stays in this system. */
export function payeeRecipient(payee: PayeeForFile): string | null {
  return payee.recipientName ? `${payee.recipientName} (${payee.recipientRelation ?? ''})` : null;
}
