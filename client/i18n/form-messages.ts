/**
 * Messages of the form's fields: how a typed number or date was read, and the date format. Kept
 * apart from messages.ts only to keep that file readable; the same typing applies (messages.ts).
 * The rules' own messages (what is wrong with an answer) are in common/answer-validation.ts,
 * because the server sends the same ones.
 */
export const formId = {
  'form.readAs': 'Dibaca: {value}',
  'form.dateFormat': 'HH-BB-TTTT',
  'form.dateFormatLabel': 'hari-bulan-tahun',
} as const;

export const formEn: Record<keyof typeof formId, string> = {
  'form.readAs': 'Read as: {value}',
  'form.dateFormat': 'DD-MM-YYYY',
  'form.dateFormatLabel': 'day-month-year',
};
