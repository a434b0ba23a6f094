import { expect, fixture, html } from '@open-wc/testing';
import type { FieldDefinition } from '../../common/catalog.js';
import type { AnswerInputDetail, PtspFormField } from '../../client/features/intake/ptsp-form-field.js';
import '../../client/features/intake/ptsp-form-field.js';
import { setLanguage } from '../../client/i18n/localize.js';

const text = (id: string, en: string) => ({ id, en });

const FIELDS: Record<string, FieldDefinition> = {
  nik: { id: 'applicantNik', kind: 'nik', label: text('NIK pemohon', 'Applicant NIK'), example: text('Contoh: 6471021708900003', 'Example: 6471021708900003'), required: true },
  phone: { id: 'phone', kind: 'phone', label: text('Nomor HP', 'Mobile number'), example: text('Contoh: 081234567890', 'Example: 081234567890'), required: true },
  number: { id: 'area', kind: 'number', label: text('Luas', 'Area'), example: text('Contoh: 120', 'Example: 120'), required: false, min: 1, max: 1000 },
  email: { id: 'email', kind: 'email', label: text('Email', 'Email'), example: text('Contoh: a@b.id', 'Example: a@b.id'), required: false },
  date: { id: 'start', kind: 'date', label: text('Tanggal mulai', 'Start date'), example: text('Contoh: 2026-01-31', 'Example: 2026-01-31'), required: false },
  text: { id: 'name', kind: 'text', label: text('Nama', 'Name'), example: text('Contoh: Siti', 'Example: Siti'), required: true, maxLength: 10 },
  textarea: { id: 'address', kind: 'textarea', label: text('Alamat', 'Address'), example: text('Contoh: Jl. Mawar 1', 'Example: Jl. Mawar 1'), required: false, maxLength: 200 },
  choice: {
    id: 'form', kind: 'choice', label: text('Bentuk usaha', 'Business form'), example: text('Contoh: CV', 'Example: CV'), required: true,
    options: [{ value: 'cv', label: text('CV', 'CV') }, { value: 'pt', label: text('PT', 'Limited company') }],
  },
};

async function render(field: FieldDefinition, value?: string): Promise<PtspFormField> {
  return fixture<PtspFormField>(html`<ptsp-form-field .field=${field} .value=${value}></ptsp-form-field>`);
}

function control(el: PtspFormField): HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement {
  const found = el.shadowRoot?.querySelector('input, select, textarea');
  if (!found) throw new Error('no input rendered');
  return found as HTMLInputElement;
}

async function typeInto(el: PtspFormField, value: string): Promise<void> {
  const input = control(el);
  input.value = value;
  input.dispatchEvent(new Event(input instanceof HTMLSelectElement ? 'change' : 'input'));
  await el.updateComplete;
}

const errorText = (el: PtspFormField): string | undefined =>
  el.shadowRoot?.querySelector('.error')?.textContent?.trim();

describe('ptsp-form-field', () => {
  beforeEach(async () => {
    await setLanguage('id');
  });

  it('renders the right control for each kind, with its label and example', async () => {
    const expected: Record<string, string> = { nik: 'INPUT', phone: 'INPUT', number: 'INPUT', email: 'INPUT', date: 'INPUT', text: 'INPUT', textarea: 'TEXTAREA', choice: 'SELECT' };
    for (const [kind, field] of Object.entries(FIELDS)) {
      const el = await render(field);
      expect(control(el).tagName, kind).to.equal(expected[kind]);
      expect(el.shadowRoot?.textContent).to.contain(field.label.id);
      expect(el.shadowRoot?.textContent).to.contain(field.example.id);
    }
    // Typed as text in one format (HH-BB-TTTT), not the browser's own date picker format.
    expect((control(await render(FIELDS.date!)) as HTMLInputElement).type).to.equal('text');
    expect((control(await render(FIELDS.phone!)) as HTMLInputElement).type).to.equal('tel');
    expect(control(await render(FIELDS.nik!)).getAttribute('inputmode')).to.equal('numeric');
  });

  it('reports every change as an answer-input event', async () => {
    const el = await render(FIELDS.text!);
    const seen: AnswerInputDetail[] = [];
    el.addEventListener('answer-input', (event) => seen.push((event as CustomEvent<AnswerInputDetail>).detail));
    await typeInto(el, 'S');
    await typeInto(el, 'Si');
    expect(seen).to.deep.equal([{ fieldId: 'name', value: 'S' }, { fieldId: 'name', value: 'Si' }]);
  });

  // Every message of every kind, in both languages, is in field-kinds.test.ts.

  it('accepts a valid NIK, including a woman\'s (birth day plus 40)', async () => {
    const el = await render(FIELDS.nik!);
    await typeInto(el, '6471025708900003');
    expect(errorText(el)).to.equal(undefined);
  });

  it('says a required field is missing only after the person leaves it', async () => {
    const el = await render(FIELDS.text!);
    expect(errorText(el)).to.equal(undefined);
    control(el).dispatchEvent(new Event('blur'));
    await el.updateComplete;
    expect(errorText(el)).to.match(/wajib diisi/);
  });

  it('speaks English when asked', async () => {
    const el = await render(FIELDS.phone!);
    await typeInto(el, '12');
    await setLanguage('en');
    await el.updateComplete;
    expect(el.shadowRoot?.textContent).to.contain('Mobile number');
    expect(el.shadowRoot?.textContent).to.contain('Example: 081234567890');
    expect(errorText(el)).to.match(/a mobile number starts with 08/);
  });

  it('shows script typed into a field as text, never running it', async () => {
    const hostile = '<img src=x onerror="window.__pwned=1"><script>window.__pwned=1</script>';
    const el = await render(FIELDS.textarea!, hostile);
    expect((control(el) as HTMLTextAreaElement).value).to.equal(hostile);
    expect(el.shadowRoot?.querySelector('img')).to.equal(null);
    expect((window as unknown as { __pwned?: number }).__pwned).to.equal(undefined);
  });

  it('keeps what the person is typing when an older stored value arrives', async () => {
    const el = await render(FIELDS.text!, '');
    control(el).dispatchEvent(new Event('focus'));
    await typeInto(el, 'Siti');
    el.value = 'Sit';
    await el.updateComplete;
    expect(control(el).value).to.equal('Siti');
  });

  it('after the person leaves a field, an older stored value on its way does not replace what was typed', async () => {
    const el = await render(FIELDS.textarea!, '');
    await typeInto(el, 'a');
    await typeInto(el, 'ab');
    await typeInto(el, 'abc');
    control(el).dispatchEvent(new Event('blur'));
    el.value = 'ab';
    await el.updateComplete;
    expect(control(el).value).to.equal('abc');
    el.value = 'abc';
    await el.updateComplete;
    expect(control(el).value).to.equal('abc');
    el.value = 'changed on another device';
    await el.updateComplete;
    expect(control(el).value).to.equal('changed on another device');
  });

  it('limits every kind of input to what the server accepts', async () => {
    for (const field of Object.values(FIELDS)) {
      const el = await render(field);
      const input = control(el);
      if (input instanceof HTMLSelectElement) continue;
      expect(Number(input.getAttribute('maxlength')), field.kind).to.be.greaterThan(0);
    }
    // A NIK pasted with spaces (19 characters) must not be cut to 16.
    expect(Number(control(await render(FIELDS.nik!)).getAttribute('maxlength'))).to.be.at.least(19);
  });

  it('keeps a date as typed (HH-BB-TTTT) while the stored ISO echo arrives, and shows the stored one the same way after leaving', async () => {
    const el = await render(FIELDS.date!, '');
    const seen: AnswerInputDetail[] = [];
    el.addEventListener('answer-input', (event) => seen.push((event as CustomEvent<AnswerInputDetail>).detail));
    control(el).dispatchEvent(new Event('focus'));
    await typeInto(el, '17-08-201');
    await typeInto(el, '17-08-2018');
    expect(seen.map((detail) => detail.value)).to.deep.equal(['17-08-201', '2018-08-17']);
    el.value = '17-08-201';
    await el.updateComplete;
    expect(control(el).value, 'an older echo').to.equal('17-08-2018');
    el.value = '2018-08-17';
    await el.updateComplete;
    expect(control(el).value).to.equal('17-08-2018');
    control(el).dispatchEvent(new Event('blur'));
    await el.updateComplete;
    expect(control(el).value).to.equal('17-08-2018');
    const stored = await render(FIELDS.date!, '2024-03-17');
    expect(control(stored).value, 'a stored date is shown as it is typed').to.equal('17-03-2024');
  });

  it('keeps a NIK as pasted while typing, and shows the 16 digits stored once the person leaves', async () => {
    const el = await render(FIELDS.nik!, '');
    const seen: AnswerInputDetail[] = [];
    el.addEventListener('answer-input', (event) => seen.push((event as CustomEvent<AnswerInputDetail>).detail));
    await typeInto(el, '6471 0217 0890 0003');
    expect(seen.map((detail) => detail.value)).to.deep.equal(['6471021708900003']);
    el.value = '6471021708900003';
    await el.updateComplete;
    expect(control(el).value).to.equal('6471 0217 0890 0003');
    expect(errorText(el)).to.equal(undefined);
    control(el).dispatchEvent(new Event('blur'));
    await el.updateComplete;
    expect(control(el).value).to.equal('6471021708900003');
  });

  it('says how a number was read only when that adds something', async () => {
    const el = await render(FIELDS.number!, '');
    await typeInto(el, '8');
    expect(el.shadowRoot?.querySelector('[data-testid=reading-area]')).to.equal(null);
    await typeInto(el, '1.500');
    expect(el.shadowRoot?.querySelector('[data-testid=reading-area]')?.textContent?.trim()).to.equal('Dibaca: 1.500');
    expect(errorText(el), 'the reading explains the problem beside it').to.match(/tidak boleh lebih dari 1\.000/);
    await typeInto(el, '12,5');
    expect(el.shadowRoot?.querySelector('[data-testid=reading-area]')?.textContent?.trim()).to.equal('Dibaca: 12,5');
    await setLanguage('en');
    await el.updateComplete;
    expect(el.shadowRoot?.querySelector('[data-testid=reading-area]')?.textContent?.trim()).to.equal('Read as: 12.5');
  });

  it('asks yes/no with two radio buttons and answers a boolean', async () => {
    const yesno: FieldDefinition = { id: 'owned', kind: 'yesno', label: text('Milik sendiri?', 'Owned?'), example: text('Contoh: Ya', 'Example: Yes'), required: true };
    const el = await render(yesno);
    const seen: AnswerInputDetail[] = [];
    el.addEventListener('answer-input', (event) => seen.push((event as CustomEvent<AnswerInputDetail>).detail));
    el.shadowRoot!.querySelector<HTMLInputElement>('[data-testid=no-owned]')!.click();
    el.shadowRoot!.querySelector<HTMLInputElement>('[data-testid=yes-owned]')!.click();
    expect(seen).to.deep.equal([{ fieldId: 'owned', value: false }, { fieldId: 'owned', value: true }]);
    const answered = await fixture<PtspFormField>(html`<ptsp-form-field .field=${yesno} .value=${false}></ptsp-form-field>`);
    expect(answered.shadowRoot!.querySelector<HTMLInputElement>('[data-testid=no-owned]')!.checked).to.equal(true);
    expect(answered.shadowRoot!.querySelector<HTMLInputElement>('[data-testid=yes-owned]')!.checked).to.equal(false);
  });

  it('takes a GPS point from the device, and says what is wrong with a typed one', async () => {
    const gps: FieldDefinition = { id: 'site', kind: 'gps', label: text('Titik lokasi', 'Site point'), example: text('Contoh: -1.2654, 116.8312', 'Example: -1.2654, 116.8312'), required: true };
    const el = await render(gps);
    await typeInto(el, '116.8312, -1.2654');
    expect(errorText(el)).to.match(/di luar wilayah Indonesia/);
    const geolocation = navigator.geolocation;
    const original = geolocation.getCurrentPosition.bind(geolocation);
    geolocation.getCurrentPosition = (success: PositionCallback) => {
      success({ coords: { latitude: -1.265432, longitude: 116.831235, accuracy: 8 } } as GeolocationPosition);
    };
    try {
      const seen: AnswerInputDetail[] = [];
      el.addEventListener('answer-input', (event) => seen.push((event as CustomEvent<AnswerInputDetail>).detail));
      el.shadowRoot!.querySelector<HTMLButtonElement>('[data-testid=locate-site]')!.click();
      await new Promise((resolve) => setTimeout(resolve, 0));
      await el.updateComplete;
      expect(seen).to.deep.equal([{ fieldId: 'site', value: '-1.265432, 116.831235' }]);
      expect(control(el).value).to.equal('-1.265432, 116.831235');
      expect(errorText(el)).to.equal(undefined);
    } finally {
      geolocation.getCurrentPosition = original;
    }
  });
});
