// The form renderer, one field kind at a time: what each kind shows (label, example), what typing
// into it saves, and every message the shared answer rules can produce, in both languages.
// ptsp-form-field's own behaviour (echoes of scalar answers, script as text, GPS from the device)
// is in form-field.test.ts.
import { expect, fixture, html } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import type { AnswerValue, ApplicationDoc } from '../../common/application-schema.js';
import { validateAnswer, type AnswerProblem } from '../../common/answer-validation.js';
import { ADDRESS_PARTS, type FieldDefinition, type PermitType } from '../../common/catalog.js';
import type { AnswerInputDetail, PtspFormField } from '../../client/features/intake/ptsp-form-field.js';
import type { PtspDraftForm } from '../../client/features/intake/ptsp-draft-form.js';
import '../../client/features/intake/ptsp-form-field.js';
import '../../client/features/intake/ptsp-draft-form.js';
import { setLanguage } from '../../client/i18n/localize.js';

const L = (id: string, en: string) => ({ id, en });

const FIELDS = {
  text: { id: 'ownerName', kind: 'text', label: L('Nama pemilik', 'Owner name'), example: L('Contoh: Siti Aminah', 'Example: Siti Aminah'), required: true, maxLength: 10 },
  textarea: { id: 'activity', kind: 'textarea', label: L('Uraian kegiatan', 'Activity'), example: L('Contoh: Jual beli sembako', 'Example: Selling groceries'), required: false, maxLength: 40 },
  number: { id: 'employees', kind: 'number', label: L('Jumlah karyawan', 'Employees'), example: L('Contoh: 12', 'Example: 12'), required: false, min: 1, max: 500 },
  date: { id: 'startDate', kind: 'date', label: L('Tanggal mulai', 'Start date'), example: L('Contoh: 2024-03-17', 'Example: 2024-03-17'), required: false },
  choice: {
    id: 'businessForm', kind: 'choice', label: L('Bentuk usaha', 'Business form'), example: L('Contoh: CV', 'Example: CV'), required: true,
    options: [{ value: 'cv', label: L('Persekutuan komanditer (CV)', 'Limited partnership (CV)') }, { value: 'pt', label: L('Perseroan terbatas (PT)', 'Limited company (PT)') }],
  },
  phone: { id: 'mobile', kind: 'phone', label: L('Nomor HP', 'Mobile number'), example: L('Contoh: 081234567890', 'Example: 081234567890'), required: true },
  nik: { id: 'ownerNik', kind: 'nik', label: L('NIK pemilik', 'Owner NIK'), example: L('Contoh: 6471021708900003', 'Example: 6471021708900003'), required: true },
  email: { id: 'contactEmail', kind: 'email', label: L('Email', 'Email'), example: L('Contoh: siti@contoh.id', 'Example: siti@example.id'), required: false },
  yesno: { id: 'premisesOwned', kind: 'yesno', label: L('Tempat milik sendiri?', 'Own premises?'), example: L('Contoh: Tidak (sewa)', 'Example: No (rented)'), required: true },
  gps: { id: 'sitePoint', kind: 'gps', label: L('Titik lokasi', 'Site point'), example: L('Contoh: -1.2379, 116.8529', 'Example: -1.2379, 116.8529'), required: false },
} satisfies Record<string, FieldDefinition>;

const ADDRESS: FieldDefinition = {
  id: 'businessAddress', kind: 'address', label: L('Alamat usaha', 'Business address'),
  example: L('Contoh: Jl. Sudirman No. 12, Balikpapan', 'Example: Jl. Sudirman No. 12, Balikpapan'), required: true,
};

/** A complete, valid address (every part at its catalog example). */
const VALID_ADDRESS: Record<string, string> = Object.fromEntries(ADDRESS_PARTS.map((part) => [part.id, part.example.id]));

const PARTNERS: FieldDefinition = {
  id: 'partners', kind: 'group', label: L('Sekutu / pengurus', 'Partners / managers'),
  example: L('Contoh: Sekutu 1: Ahmad Fauzi', 'Example: Partner 1: Ahmad Fauzi'), required: false, maxItems: 3, itemLabel: L('Sekutu', 'Partner'),
  fields: [
    { id: 'name', kind: 'text', label: L('Nama lengkap', 'Full name'), example: L('Contoh: Ahmad Fauzi', 'Example: Ahmad Fauzi'), required: true, maxLength: 120 },
    { id: 'nik', kind: 'nik', label: L('NIK sekutu', 'Partner NIK'), example: L('Contoh: 6471051708900002', 'Example: 6471051708900002'), required: true },
    {
      id: 'position', kind: 'choice', label: L('Kedudukan', 'Position'), example: L('Contoh: Sekutu aktif', 'Example: Active partner'), required: true,
      options: [{ value: 'active', label: L('Sekutu aktif', 'Active partner') }, { value: 'passive', label: L('Sekutu pasif', 'Passive partner') }],
    },
    { id: 'signs', kind: 'yesno', label: L('Berwenang tanda tangan?', 'May sign?'), example: L('Contoh: Ya', 'Example: Yes'), required: false },
  ],
};

async function render(field: FieldDefinition, value?: AnswerValue): Promise<PtspFormField> {
  const el = await fixture<PtspFormField>(html`<ptsp-form-field .field=${field} .value=${value}></ptsp-form-field>`);
  await settle();
  return el;
}

/** Lets every nested element (address parts, group items and their sub-fields) finish rendering. */
async function settle(): Promise<void> {
  await new Promise((resolve) => setTimeout(resolve, 0));
}

/** Every answer-input that leaves the field, in order. */
function record(el: Element): AnswerInputDetail[] {
  const seen: AnswerInputDetail[] = [];
  el.addEventListener('answer-input', (event) => seen.push((event as CustomEvent<AnswerInputDetail>).detail));
  return seen;
}

const last = (seen: AnswerInputDetail[]): AnswerValue | undefined => seen[seen.length - 1]?.value;

function control(root: ParentNode): HTMLInputElement {
  const found = root.querySelector('input, select, textarea');
  if (!found) throw new Error('no input rendered');
  return found as HTMLInputElement;
}

/** Types as a person's browser reports it: the new value, then an input (or, for a select, change) event. */
async function typeInto(input: HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement, value: string): Promise<void> {
  input.value = value;
  input.dispatchEvent(new Event(input instanceof HTMLSelectElement ? 'change' : 'input', { bubbles: true, composed: true }));
  await settle();
}

/** Leaves an input the way a person does (real focus, then blur: focusout with no next element). */
async function leave(input: HTMLElement): Promise<void> {
  input.focus();
  input.blur();
  await settle();
}

const text = (root: ParentNode | null | undefined, selector: string): string | undefined =>
  root?.querySelector(selector)?.textContent?.replace(/\s+/g, ' ').trim();

async function english(el: PtspFormField): Promise<void> {
  await setLanguage('en');
  await el.updateComplete;
  await settle();
}

/** The text shown is exactly the shared rules' message, which reads as expected (a part of it, or all). */
function shows(actual: string | undefined, message: string, reads: RegExp | string): void {
  expect(actual).to.equal(message);
  if (typeof reads === 'string') expect(actual).to.contain(reads);
  else expect(actual).to.match(reads);
}

function expectProblem(field: FieldDefinition, value: AnswerValue, code: AnswerProblem['code'], part?: string): AnswerProblem {
  const found = validateAnswer(field, value);
  expect(found?.code, `the shared rules give ${code} for ${JSON.stringify(value)}`).to.equal(code);
  expect(found?.part).to.equal(part);
  return found!;
}

describe('field kinds: the form renderer', () => {
  beforeEach(async () => {
    await setLanguage('id');
  });
  after(async () => {
    await setLanguage('id');
  });

  describe('scalar kinds', () => {
    // kind, what a person types, what is saved: every scalar kind accepts a correct answer silently.
    const typed: [keyof typeof FIELDS, string][] = [
      ['text', 'Siti'],
      ['textarea', 'Jual beli sembako\ndan alat tulis'],
      ['number', '12'],
      ['date', '2024-03-17'],
      ['choice', 'pt'],
      ['phone', '0812-3456-7890'],
      ['nik', '6471025708900003'],
      ['email', 'siti@contoh.id'],
      ['gps', '-1.2379, 116.8529'],
    ];
    for (const [kind, value] of typed) {
      it(`${kind}: shows its label and example, saves what is typed, and finds nothing wrong with "${value}"`, async () => {
        const field = FIELDS[kind];
        const el = await render(field);
        const shadow = el.shadowRoot!;
        expect(text(shadow, `label[for=field-${field.id}]`)).to.contain(field.label.id);
        expect(text(shadow, `#field-${field.id}-example`)).to.equal(field.example.id);
        expect(control(shadow).getAttribute('aria-describedby')).to.contain(`field-${field.id}-example`);
        const seen = record(el);
        await typeInto(control(shadow), value);
        expect(seen).to.deep.equal([{ fieldId: field.id, value }]);
        expect(control(shadow).value).to.equal(value);
        expect(text(shadow, '.error')).to.equal(undefined);
        expect(control(shadow).getAttribute('aria-invalid')).to.equal('false');
        await english(el);
        expect(text(shadow, `label[for=field-${field.id}]`)).to.contain(field.label.en);
        expect(text(shadow, `#field-${field.id}-example`)).to.equal(field.example.en);
      });
    }

    it('yesno: shows its example and Ya / Tidak, saves a boolean, and speaks English', async () => {
      const el = await render(FIELDS.yesno);
      const shadow = el.shadowRoot!;
      expect(text(shadow, '.example')).to.equal('Contoh: Tidak (sewa)');
      expect(text(shadow, 'legend')).to.contain('Tempat milik sendiri?');
      expect(text(shadow, 'fieldset')).to.contain('Ya').and.contain('Tidak');
      const seen = record(el);
      shadow.querySelector<HTMLInputElement>('[data-testid=no-premisesOwned]')!.click();
      expect(seen).to.deep.equal([{ fieldId: 'premisesOwned', value: false }]);
      await english(el);
      expect(text(shadow, 'fieldset')).to.contain('Yes').and.contain('No');
      expect(text(shadow, '.example')).to.equal('Example: No (rented)');
    });

    it('typing with real keys saves every keystroke, and stops at the field\'s length limit', async () => {
      const el = await render(FIELDS.text);
      const seen = record(el);
      control(el.shadowRoot!).focus();
      await sendKeys({ type: 'Siti Aminah binti Umar' });
      await settle();
      // maxLength 10: the input refuses the rest, so a person cannot type a too-long answer.
      expect(control(el.shadowRoot!).value).to.equal('Siti Amina');
      expect(seen.map((detail) => detail.value)).to.deep.equal(['S', 'Si', 'Sit', 'Siti', 'Siti ', 'Siti A', 'Siti Am', 'Siti Ami', 'Siti Amin', 'Siti Amina']);
    });

    // kind, typed, code, the Indonesian and English message (part of it)
    const messages: [keyof typeof FIELDS, string, AnswerProblem['code'], RegExp, RegExp][] = [
      ['number', 'dua belas', 'not-a-number', /harus berupa angka/, /must be a number/],
      ['number', '0', 'too-small', /tidak boleh kurang dari 1\./, /must be at least 1\./],
      ['number', '501', 'too-large', /tidak boleh lebih dari 500\./, /must be at most 500\./],
      ['phone', '12345', 'bad-phone', /nomor HP harus diawali 08/, /a mobile number starts with 08/],
      ['nik', '64710217089', 'bad-nik', /NIK harus tepat 16 angka/, /must be exactly 16 digits/],
      ['nik', '0171021708900003', 'bad-nik', /kode provinsi\) harus antara 11 dan 94/, /province code\) must be between 11 and 94/],
      ['nik', '6471023208900003', 'bad-nik', /tanggal dan bulan lahir yang benar/, /valid birth day and month/],
      ['nik', '6471021713900003', 'bad-nik', /tanggal dan bulan lahir yang benar/, /valid birth day and month/],
      ['nik', '6471021708900000', 'bad-nik', /tidak boleh 0000/, /cannot be 0000/],
      ['email', 'siti@desa', 'bad-email', /alamat email tidak valid/, /not a valid email address/],
      ['gps', 'dekat pasar', 'bad-gps', /lintang dan bujur dalam derajat desimal/, /latitude and longitude in decimal degrees/],
      ['gps', '116.8529, -1.2379', 'outside-indonesia', /di luar wilayah Indonesia/, /outside Indonesia/],
    ];
    for (const [kind, value, code, id, en] of messages) {
      it(`${kind} "${value}": says ${code}, naming the field, in both languages`, async () => {
        const field = FIELDS[kind];
        const expected = expectProblem(field, value, code);
        const el = await render(field);
        const seen = record(el);
        await typeInto(control(el.shadowRoot!), value);
        expect(last(seen)).to.equal(value);
        const error = text(el.shadowRoot, `[data-testid=error-${field.id}]`);
        expect(error).to.equal(expected.message.id);
        expect(error).to.match(id).and.contain(field.label.id);
        expect(control(el.shadowRoot!).getAttribute('aria-invalid')).to.equal('true');
        expect(control(el.shadowRoot!).getAttribute('aria-describedby')).to.contain(`field-${field.id}-error`);
        await english(el);
        shows(text(el.shadowRoot, `[data-testid=error-${field.id}]`), expected.message.en, en);
      });
    }

    it('required: says so once the person leaves the empty field, not before', async () => {
      const el = await render(FIELDS.text);
      expect(text(el.shadowRoot, '.error')).to.equal(undefined);
      await leave(control(el.shadowRoot!));
      expect(text(el.shadowRoot, '[data-testid=error-ownerName]')).to.equal(expectProblem(FIELDS.text, '', 'required').message.id);
      await english(el);
      expect(text(el.shadowRoot, '[data-testid=error-ownerName]')).to.equal('Owner name: is required.');
    });

    it('required: a required choice left at "— pilih —" says so', async () => {
      const el = await render(FIELDS.choice);
      const select = control(el.shadowRoot!) as unknown as HTMLSelectElement;
      await typeInto(select, 'cv');
      await typeInto(select, '');
      expect(text(el.shadowRoot, '.error'), 'not while the person is still choosing').to.equal(undefined);
      await leave(select);
      expect(text(el.shadowRoot, '[data-testid=error-businessForm]')).to.equal('Bentuk usaha: wajib diisi.');
    });

    // A person cannot type these (maxlength, a date picker, a list of options), but a stored answer
    // can have them: one saved under an older catalog, or typed on another device's older app.
    const stored: [keyof typeof FIELDS, string, AnswerProblem['code'], RegExp, RegExp][] = [
      ['text', 'Siti Aminah binti Umar', 'too-long', /paling banyak 10 karakter \(sekarang 22\)/, /at most 10 characters \(now 22\)/],
      ['textarea', 'x'.repeat(41), 'too-long', /paling banyak 40 karakter/, /at most 40 characters/],
      ['date', '2024-02-30', 'not-a-date', /sebagai HH-BB-TTTT/, /as DD-MM-YYYY/],
      ['date', '17/03/20', 'not-a-date', /sebagai HH-BB-TTTT/, /as DD-MM-YYYY/],
      ['choice', 'firma', 'not-an-option', /pilih salah satu pilihan/, /choose one of the listed options/],
    ];
    for (const [kind, value, code, id, en] of stored) {
      it(`${kind}: a stored "${value.slice(0, 12)}" says ${code}`, async () => {
        const field = FIELDS[kind];
        const expected = expectProblem(field, value, code);
        const el = await render(field, value);
        shows(text(el.shadowRoot, `[data-testid=error-${field.id}]`), expected.message.id, id);
        await english(el);
        shows(text(el.shadowRoot, `[data-testid=error-${field.id}]`), expected.message.en, en);
      });
    }

    it('a date typed with real keys as HH-BB-TTTT is saved as YYYY-MM-DD and shown as typed', async () => {
      const el = await render(FIELDS.date);
      const seen = record(el);
      control(el.shadowRoot!).focus();
      await sendKeys({ type: '17-03-2024' });
      await settle();
      expect(last(seen)).to.equal('2024-03-17');
      expect(control(el.shadowRoot!).value).to.equal('17-03-2024');
      expect(text(el.shadowRoot, '.error')).to.equal(undefined);
    });
  });

  describe('address', () => {
    const root = (el: PtspFormField): ShadowRoot => el.shadowRoot!.querySelector('ptsp-address-field')!.shadowRoot!;
    const part = (el: PtspFormField, id: string): HTMLInputElement => root(el).querySelector(`[data-testid=input-businessAddress-${id}]`)!;
    const partError = (el: PtspFormField, id: string) => text(root(el), `[data-testid=error-businessAddress-${id}]`);
    const fieldError = (el: PtspFormField) => text(root(el), '[data-testid=error-businessAddress]');

    it('shows one labelled input per part with its example, under the field\'s label and example, in both languages', async () => {
      const el = await render(ADDRESS);
      expect(text(root(el), 'legend')).to.contain('Alamat usaha').and.contain('wajib diisi');
      expect(text(root(el), '#field-businessAddress-example')).to.equal(ADDRESS.example.id);
      for (const { id, label, example } of ADDRESS_PARTS) {
        const input = part(el, id);
        expect(input.labels?.[0]?.textContent, id).to.contain(label.id);
        expect(text(root(el), `#field-businessAddress-${id}-example`)).to.equal(`Contoh: ${example.id}`);
        expect(input.getAttribute('aria-describedby')).to.contain(`field-businessAddress-${id}-example`);
        expect(Number(input.getAttribute('maxlength'))).to.equal(200);
      }
      expect(part(el, 'street').labels?.[0]?.textContent).to.contain('wajib diisi');
      expect(part(el, 'rtRw').labels?.[0]?.textContent).not.to.contain('wajib diisi');
      await english(el);
      expect(text(root(el), 'legend')).to.contain('Business address');
      expect(part(el, 'province').labels?.[0]?.textContent).to.contain('Province');
      expect(text(root(el), '#field-businessAddress-province-example')).to.equal('Example: East Kalimantan');
    });

    it('saves the whole address on every keystroke, typed with real keys from part to part', async () => {
      const el = await render(ADDRESS);
      const seen = record(el);
      part(el, 'street').focus();
      await sendKeys({ type: 'Jl. Mawar 1' });
      await sendKeys({ press: 'Tab' });
      await sendKeys({ type: '003/005' });
      await settle();
      expect(seen.length).to.equal('Jl. Mawar 1'.length + '003/005'.length);
      expect(seen.every((detail) => detail.fieldId === 'businessAddress')).to.equal(true);
      expect(seen[0]!.value).to.deep.equal({ street: 'J' });
      expect(last(seen)).to.deep.equal({ street: 'Jl. Mawar 1', rtRw: '003/005' });
      expect(part(el, 'rtRw').value).to.equal('003/005');
    });

    it('a complete address shows no message and keeps every part', async () => {
      const el = await render(ADDRESS);
      const seen = record(el);
      for (const { id } of ADDRESS_PARTS) await typeInto(part(el, id), VALID_ADDRESS[id]!);
      expect(last(seen)).to.deep.equal(VALID_ADDRESS);
      expect(root(el).querySelector('.error')).to.equal(null);
      expect(validateAnswer(ADDRESS, last(seen))).to.equal(null);
    });

    const partCases: [string, string, AnswerProblem['code'], RegExp, RegExp][] = [
      ['rtRw', '3-5', 'bad-rt-rw', /Alamat usaha, RT\/RW: tulis RT dan RW dipisah garis miring/, /Business address, RT\/RW \(neighbourhood\): write RT and RW separated by a slash/],
      ['postalCode', '7611', 'bad-postal-code', /Alamat usaha, Kode pos: kode pos terdiri dari 5 angka/, /Business address, Postal code: a postal code has 5 digits/],
      ['postalCode', '06113', 'bad-postal-code', /kode pos terdiri dari 5 angka/, /a postal code has 5 digits/],
      ['street', 'x'.repeat(201), 'too-long', /Alamat usaha, Jalan dan nomor: paling banyak 200 karakter/, /Business address, Street and number: at most 200 characters/],
    ];
    for (const [id, value, code, idMessage, enMessage] of partCases) {
      it(`${id} "${value.slice(0, 12)}": says ${code} next to that part, in both languages`, async () => {
        const expected = expectProblem(ADDRESS, { ...VALID_ADDRESS, [id]: value }, code, id);
        const el = await render(ADDRESS, VALID_ADDRESS);
        const seen = record(el);
        await typeInto(part(el, id), value);
        expect(last(seen)).to.deep.equal({ ...VALID_ADDRESS, [id]: value });
        shows(partError(el, id), expected.message.id, idMessage);
        expect(part(el, id).getAttribute('aria-invalid')).to.equal('true');
        expect(part(el, id).getAttribute('aria-describedby')).to.contain(`field-businessAddress-${id}-error`);
        expect(root(el).querySelectorAll('.error').length, 'only that part has a message').to.equal(1);
        await english(el);
        shows(partError(el, id), expected.message.en, enMessage);
      });
    }

    it('required part: says so next to the part once it is left empty, and next to every empty one once the address is left', async () => {
      const el = await render(ADDRESS);
      const street = part(el, 'street');
      street.focus();
      await sendKeys({ type: 'Jl. Mawar 1' });
      await sendKeys({ press: 'Tab' }); // RT/RW: optional
      await sendKeys({ press: 'Tab' }); // village
      await sendKeys({ press: 'Tab' }); // district: the village was left empty
      await settle();
      const expected = expectProblem(ADDRESS, { ...VALID_ADDRESS, village: '' }, 'required', 'village');
      shows(partError(el, 'village'), expected.message.id, 'Alamat usaha, Kelurahan/Desa: wajib diisi.');
      expect(partError(el, 'rtRw')).to.equal(undefined);
      expect(partError(el, 'district'), 'not before the person has been there').to.equal(undefined);
      expect(partError(el, 'city')).to.equal(undefined);
      await leave(part(el, 'district'));
      for (const id of ['district', 'city', 'province']) expect(partError(el, id), id).to.match(/: wajib diisi\.$/);
      expect(partError(el, 'postalCode')).to.equal(undefined);
      expect(fieldError(el), 'the parts carry the messages').to.equal(undefined);
      await english(el);
      expect(partError(el, 'village')).to.equal('Business address, Village (kelurahan/desa): is required.');
    });

    it('required address: an empty one says so once, for the whole field', async () => {
      const el = await render(ADDRESS);
      expect(fieldError(el)).to.equal(undefined);
      await leave(part(el, 'street'));
      shows(fieldError(el), expectProblem(ADDRESS, {}, 'required').message.id, 'Alamat usaha: wajib diisi.');
      expect(partError(el, 'street'), 'not once more next to a part').to.equal(undefined);
      await english(el);
      expect(fieldError(el)).to.equal('Business address: is required.');
    });

    it('keeps what is typed in each part while echoes of earlier keystrokes arrive', async () => {
      const el = await render(ADDRESS, {});
      const seen = record(el);
      part(el, 'street').focus();
      await sendKeys({ type: 'Jl' });
      await sendKeys({ press: 'Tab' });
      await sendKeys({ type: '3/5' });
      await settle();
      // The database answers slowly: the first keystroke of the street comes back now.
      el.value = { street: 'J' };
      await settle();
      expect(part(el, 'street').value).to.equal('Jl');
      expect(part(el, 'rtRw').value).to.equal('3/5');
      el.value = { street: 'Jl', rtRw: '3' };
      await settle();
      expect(part(el, 'rtRw').value).to.equal('3/5');
      // Another device fills in the district meanwhile: shown, and kept by the next keystroke.
      el.value = { street: 'Jl', rtRw: '3/5', district: 'Balikpapan Kota' };
      await settle();
      expect(part(el, 'district').value).to.equal('Balikpapan Kota');
      await sendKeys({ type: '0' });
      await settle();
      expect(last(seen)).to.deep.equal({ street: 'Jl', rtRw: '3/50', district: 'Balikpapan Kota' });
      // Another device changes the street the person has left: it is shown.
      el.value = { street: 'Jl. Kenanga 2', rtRw: '3/50', district: 'Balikpapan Kota' };
      await settle();
      expect(part(el, 'street').value).to.equal('Jl. Kenanga 2');
      expect(part(el, 'rtRw').value).to.equal('3/50');
    });

    it('wrong-type: an answer stored as one line of text says it must be filled in part by part; typing replaces it', async () => {
      const el = await render(ADDRESS, 'Jl. Mawar 1, Balikpapan');
      const expected = expectProblem(ADDRESS, 'Jl. Mawar 1, Balikpapan', 'wrong-type');
      shows(fieldError(el), expected.message.id, 'harus berupa alamat yang diisi per bagian');
      const seen = record(el);
      await typeInto(part(el, 'street'), 'Jl. Mawar 1');
      expect(last(seen)).to.deep.equal({ street: 'Jl. Mawar 1' });
      expect(fieldError(el)).to.equal(undefined);
      await english(el);
      await leave(part(el, 'village'));
      expect(partError(el, 'village')).to.equal('Business address, Village (kelurahan/desa): is required.');
    });

    it('unknown part: a stored part this catalog does not have is named at the field', async () => {
      const el = await render(ADDRESS, { ...VALID_ADDRESS, hamlet: 'Dusun II' });
      const expected = expectProblem(ADDRESS, { ...VALID_ADDRESS, hamlet: 'Dusun II' }, 'unknown-field', 'hamlet');
      expect(fieldError(el)).to.equal(expected.message.id);
    });
  });

  describe('repeated group', () => {
    const root = (el: PtspFormField): ShadowRoot => el.shadowRoot!.querySelector('ptsp-group-field')!.shadowRoot!;
    const items = (el: PtspFormField): HTMLElement[] => [...root(el).querySelectorAll<HTMLElement>('[data-testid=item-partners]')];
    const sub = (el: PtspFormField, index: number, id: string): PtspFormField =>
      items(el)[index]!.querySelector<PtspFormField>(`ptsp-form-field[data-sub=${id}]`)!;
    const subInput = (el: PtspFormField, index: number, id: string): HTMLInputElement => control(sub(el, index, id).shadowRoot!);
    const subError = (el: PtspFormField, index: number, id: string) => text(sub(el, index, id).shadowRoot, '.error');
    const addButton = (el: PtspFormField) => root(el).querySelector<HTMLButtonElement>('[data-testid=add-partners]')!;
    const groupError = (el: PtspFormField) => text(root(el), '[data-testid=error-partners]');
    const names = (el: PtspFormField) => items(el).map((_, index) => subInput(el, index, 'name').value);

    async function add(el: PtspFormField): Promise<void> {
      addButton(el).click();
      await settle();
    }

    it('starts empty with its label, example and "Tambah Sekutu"; an added item is numbered and shows every sub-field with its example', async () => {
      const el = await render(PARTNERS);
      expect(text(root(el), '#field-partners-label')).to.contain('Sekutu / pengurus');
      expect(text(root(el), '#field-partners-example')).to.equal(PARTNERS.example.id);
      expect(items(el)).to.have.length(0);
      expect(addButton(el).textContent?.trim()).to.equal('Tambah Sekutu');
      const seen = record(el);
      await add(el);
      expect(seen).to.deep.equal([{ fieldId: 'partners', value: [{}] }]);
      expect(text(items(el)[0], 'legend')).to.equal('Sekutu 1');
      for (const subField of PARTNERS.fields!) {
        const shown = sub(el, 0, subField.id).shadowRoot!;
        expect(shown.textContent, subField.id).to.contain(subField.label.id).and.contain(subField.example.id);
      }
      const remove = items(el)[0]!.querySelector('[data-testid=remove-partners]')!;
      expect(remove.textContent?.trim()).to.equal('Hapus');
      expect(remove.getAttribute('aria-label')).to.equal('Hapus Sekutu 1');
      await english(el);
      expect(addButton(el).textContent?.trim()).to.equal('Add Partner');
      expect(text(items(el)[0], 'legend')).to.equal('Partner 1');
      expect(remove.getAttribute('aria-label')).to.equal('Remove Partner 1');
      expect(sub(el, 0, 'nik').shadowRoot!.textContent).to.contain('Example: 6471051708900002');
    });

    it('saves the whole list on every change of a sub-field, of every scalar kind, and only under the group\'s id', async () => {
      const el = await render(PARTNERS);
      const seen = record(el);
      await add(el);
      await add(el);
      subInput(el, 1, 'name').focus();
      await sendKeys({ type: 'Ahmad' });
      await settle();
      expect(last(seen)).to.deep.equal([{}, { name: 'Ahmad' }]);
      await typeInto(subInput(el, 1, 'nik'), '6471051708900002');
      await typeInto(subInput(el, 0, 'position'), 'passive');
      sub(el, 1, 'signs').shadowRoot!.querySelector<HTMLInputElement>('[data-testid=yes-signs]')!.click();
      await settle();
      expect(last(seen)).to.deep.equal([{ position: 'passive' }, { name: 'Ahmad', nik: '6471051708900002', signs: true }]);
      expect(seen.every((detail) => detail.fieldId === 'partners'), 'sub-field events stay inside the group').to.equal(true);
      expect(seen.length).to.equal(2 + 5 + 1 + 1 + 1);
      expect(root(el).querySelector('.error')).to.equal(null);
    });

    it('removing an item keeps every other item\'s typing in its own inputs (keyed, not by position)', async () => {
      const el = await render(PARTNERS, []);
      const seen = record(el);
      for (let i = 0; i < 3; i++) await add(el);
      for (const [index, name] of ['Ani', 'Budi', 'Citra'].entries()) {
        subInput(el, index, 'name').focus();
        await sendKeys({ type: name });
      }
      await settle();
      const citra = items(el)[2];
      items(el)[1]!.querySelector<HTMLButtonElement>('[data-testid=remove-partners]')!.click();
      await settle();
      expect(last(seen)).to.deep.equal([{ name: 'Ani' }, { name: 'Citra' }]);
      expect(names(el)).to.deep.equal(['Ani', 'Citra']);
      expect(items(el)[1], 'the third item keeps its element').to.equal(citra);
      expect(text(items(el)[1], 'legend')).to.equal('Sekutu 2');
      expect(root(el).activeElement, 'the keyboard stays in the group').to.equal(addButton(el));
      // The database catches up slowly: an older list arrives, then the current one.
      el.value = [{ name: 'Ani' }, { name: 'Budi' }, { name: 'Cit' }];
      await settle();
      expect(names(el)).to.deep.equal(['Ani', 'Citra']);
      el.value = [{ name: 'Ani' }, { name: 'Citra' }];
      await settle();
      expect(names(el)).to.deep.equal(['Ani', 'Citra']);
      subInput(el, 1, 'name').focus();
      await sendKeys({ type: '!' });
      await settle();
      expect(last(seen)).to.deep.equal([{ name: 'Ani' }, { name: 'Citra!' }]);
    });

    it('after the person leaves the group, a list changed on another device is shown', async () => {
      const el = await render(PARTNERS, []);
      await add(el);
      await typeInto(subInput(el, 0, 'name'), 'Ani');
      await leave(subInput(el, 0, 'name'));
      el.value = [{ name: 'Ani' }];
      await settle();
      el.value = [{ name: 'Ani Lestari' }, { name: 'Dewi' }];
      await settle();
      expect(names(el)).to.deep.equal(['Ani Lestari', 'Dewi']);
    });

    it('sub-field problems are shown next to the right item and sub-field, in both languages', async () => {
      const el = await render(PARTNERS, [{ name: 'Ani', nik: '6471051708900002', position: 'active' }, { name: 'Budi', position: 'active' }]);
      await typeInto(subInput(el, 1, 'nik'), '12345');
      const value = [{ name: 'Ani', nik: '6471051708900002', position: 'active' }, { name: 'Budi', position: 'active', nik: '12345' }];
      const expected = expectProblem(PARTNERS, value, 'bad-nik', '1.nik');
      expect(expected.message.id).to.equal('Sekutu / pengurus, Sekutu 2, NIK sekutu: NIK harus tepat 16 angka, tanpa spasi atau tanda baca.');
      // Inside the box "Sekutu 2", the sub-field names itself and says what is wrong.
      expect(subError(el, 1, 'nik')).to.equal('NIK sekutu: NIK harus tepat 16 angka, tanpa spasi atau tanda baca.');
      expect(subError(el, 0, 'nik')).to.equal(undefined);
      expect(subError(el, 1, 'name')).to.equal(undefined);
      expect(groupError(el)).to.equal(undefined);
      await leave(subInput(el, 0, 'name'));
      await typeInto(subInput(el, 0, 'name'), '');
      expect(subError(el, 0, 'name')).to.equal('Nama lengkap: wajib diisi.');
      await english(el);
      expect(subError(el, 1, 'nik')).to.equal('Partner NIK: NIK must be exactly 16 digits, without spaces or punctuation.');
      expect(subError(el, 0, 'name')).to.equal('Full name: is required.');
    });

    it('add is disabled at maxItems, with the reason shown', async () => {
      const el = await render(PARTNERS);
      for (let i = 0; i < 3; i++) await add(el);
      expect(items(el)).to.have.length(3);
      expect(addButton(el).disabled).to.equal(true);
      expect(text(root(el), '[data-testid=full-partners]')).to.equal('Jumlah paling banyak (3) sudah tercapai.');
      items(el)[0]!.querySelector<HTMLButtonElement>('[data-testid=remove-partners]')!.click();
      await settle();
      expect(addButton(el).disabled).to.equal(false);
      expect(root(el).querySelector('[data-testid=full-partners]')).to.equal(null);
    });

    it('too-many: a stored list longer than the catalog allows says so, and no more can be added', async () => {
      const value = [{ name: 'A' }, { name: 'B' }, { name: 'C' }, { name: 'D' }];
      const expected = expectProblem(PARTNERS, value, 'too-many');
      const el = await render(PARTNERS, value);
      shows(groupError(el), expected.message.id, 'Sekutu / pengurus: paling banyak 3.');
      expect(addButton(el).disabled).to.equal(true);
      await english(el);
      expect(groupError(el)).to.equal('Partners / managers: at most 3.');
    });

    it('too-few: fewer items than minItems says how many are needed', async () => {
      const field: FieldDefinition = { ...PARTNERS, minItems: 2 };
      const el = await render(field);
      await add(el);
      const expected = expectProblem(field, [{}], 'too-few');
      shows(groupError(el), expected.message.id, 'Sekutu / pengurus: isi paling sedikit 2.');
      await add(el);
      expect(groupError(el)).to.equal(undefined);
      await english(el);
      items(el)[1]!.querySelector<HTMLButtonElement>('[data-testid=remove-partners]')!.click();
      await settle();
      expect(groupError(el)).to.equal('Partners / managers: add at least 2.');
    });

    it('required: an empty required group says so once the person leaves it', async () => {
      const field: FieldDefinition = { ...PARTNERS, required: true };
      const el = await render(field, []);
      expect(groupError(el)).to.equal(undefined);
      await leave(addButton(el));
      shows(groupError(el), expectProblem(field, [], 'required').message.id, 'Sekutu / pengurus: wajib diisi.');
      expect(text(root(el), '#field-partners-label')).to.contain('wajib diisi');
    });

    it('wrong-type: a stored answer that is not a list is named at the group, and an item that is not a set of answers at the item', async () => {
      const notAList = await render(PARTNERS, 'Ahmad Fauzi');
      shows(groupError(notAList), expectProblem(PARTNERS, 'Ahmad Fauzi', 'wrong-type').message.id, 'harus berupa daftar');
      const seen = record(notAList);
      await add(notAList);
      expect(last(seen)).to.deep.equal([{}]);
      expect(groupError(notAList)).to.equal(undefined);

      const badItem = ['Ahmad Fauzi'] as unknown as AnswerValue;
      const expected = expectProblem(PARTNERS, badItem, 'wrong-type', '0');
      const el = await render(PARTNERS, badItem);
      shows(text(root(el), '[data-testid=error-partners-0]'), expected.message.id, 'Sekutu / pengurus, Sekutu 1: harus berupa isian.');
      expect(text(items(el)[0], '[data-testid=error-partners-0]'), 'inside the item').to.equal(expected.message.id);
    });
  });

  describe('visibleWhen', () => {
    const permitType: PermitType = {
      id: 'siup', code: 'SIUP', name: L('SIUP', 'SIUP'), description: L('', ''), reviewingAgency: L('Dinas', 'Agency'),
      needsInspection: false, hasFee: false, slaWorkingDays: 5, requirements: [],
      fields: [
        FIELDS.yesno,
        {
          id: 'premisesOwnerName', kind: 'text', label: L('Nama pemilik tempat sewa', 'Owner of the rented premises'),
          example: L('Contoh: H. Abdul Rahman', 'Example: H. Abdul Rahman'), required: true, maxLength: 120,
          visibleWhen: { fieldId: 'premisesOwned', equals: false },
        },
      ],
    };
    const draft = (answers: ApplicationDoc['answers']): ApplicationDoc => ({
      id: 'draft-fieldkinds-1', ownerId: 'user-1', permitTypeId: 'siup', catalogVersion: 1, status: 'draft', answers,
      createdAt: '2024-03-17T08:00:00.000Z', updatedAt: 1,
    });
    const shownFields = (form: PtspDraftForm) =>
      [...form.shadowRoot!.querySelectorAll<PtspFormField>('ptsp-form-field')].map((field) => field.field?.id);

    it('shows a conditional field, with its label and example, only while the other answer has the given value', async () => {
      const form = await fixture<PtspDraftForm>(html`<ptsp-draft-form .draft=${draft({})} .permitType=${permitType}></ptsp-draft-form>`);
      await settle();
      expect(shownFields(form)).to.deep.equal(['premisesOwned']);
      const seen = record(form);
      const owned = form.shadowRoot!.querySelector<PtspFormField>('ptsp-form-field')!;
      owned.shadowRoot!.querySelector<HTMLInputElement>('[data-testid=no-premisesOwned]')!.click();
      expect(seen).to.deep.equal([{ fieldId: 'premisesOwned', value: false }]);
      form.draft = draft({ premisesOwned: false });
      await settle();
      expect(shownFields(form)).to.deep.equal(['premisesOwned', 'premisesOwnerName']);
      const ownerName = form.shadowRoot!.querySelectorAll<PtspFormField>('ptsp-form-field')[1]!;
      expect(ownerName.shadowRoot!.textContent).to.contain('Nama pemilik tempat sewa').and.contain('Contoh: H. Abdul Rahman');
      await typeInto(control(ownerName.shadowRoot!), 'H. Abdul');
      expect(last(seen)).to.equal('H. Abdul');
      form.draft = draft({ premisesOwned: true, premisesOwnerName: 'H. Abdul' });
      await settle();
      expect(shownFields(form)).to.deep.equal(['premisesOwned']);
    });
  });
});
