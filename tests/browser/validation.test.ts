// Issue 8's validation cases, typed with real keys into the demo catalog's own fields (version 4),
// in Indonesian and in English: wrong answers refused, right answers (written the Indonesian way)
// accepted, one date format everywhere, and problems shown and announced after a submit attempt.
import { expect, fixture, html } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import type { AnswerValue } from '../../common/application-schema.js';
import { parseNumber, validateAnswer } from '../../common/answer-validation.js';
import type { FieldDefinition } from '../../common/catalog.js';
import { demoCatalog } from '../../common/demo-catalog.js';
import type { AnswerInputDetail, PtspFormField } from '../../client/features/intake/ptsp-form-field.js';
import '../../client/features/intake/ptsp-form-field.js';
import { setLanguage, type Language } from '../../client/i18n/localize.js';

/** A field of the demo catalog, by id (the first permit type that has it). */
function demoField(id: string): FieldDefinition {
  for (const type of demoCatalog.permitTypes) {
    const found = type.fields.find((field) => field.id === id);
    if (found) return found;
  }
  throw new Error(`no demo field ${id}`);
}

const settle = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));

/**
 * The field with a stand-in for the store: every answer-input is written back as the new value a
 * moment later, as the app does after saving on the device.
 */
async function render(field: FieldDefinition, value?: AnswerValue): Promise<{ el: PtspFormField; saved: AnswerValue[] }> {
  const el = await fixture<PtspFormField>(html`<ptsp-form-field .field=${field} .value=${value}></ptsp-form-field>`);
  const saved: AnswerValue[] = [];
  el.addEventListener('answer-input', (event) => {
    const { value: answer } = (event as CustomEvent<AnswerInputDetail>).detail;
    saved.push(answer);
    setTimeout(() => { el.value = answer; }, 5);
  });
  return { el, saved };
}

const input = (el: PtspFormField): HTMLInputElement => {
  const found = el.shadowRoot?.querySelector<HTMLInputElement>('input, select, textarea');
  if (!found) throw new Error('no input rendered');
  return found;
};

const textOf = (el: PtspFormField, selector: string): string | undefined =>
  el.shadowRoot?.querySelector(selector)?.textContent?.replace(/\s+/g, ' ').trim() || undefined;

/** Focuses the input, types with real keys, then tabs away (the store's echo arrives in between). */
async function typeAndLeave(el: PtspFormField, keys: string): Promise<void> {
  input(el).focus();
  await sendKeys({ type: keys });
  await new Promise((resolve) => setTimeout(resolve, 20));
  input(el).blur();
  await new Promise((resolve) => setTimeout(resolve, 20));
  await el.updateComplete;
  await settle();
}

/** The message shown is announced: aria-invalid, aria-errormessage and aria-describedby name it, the live region says it. */
function expectAnnounced(el: PtspFormField, message: string): void {
  const control = input(el);
  const error = el.shadowRoot?.querySelector('.error');
  expect(error?.textContent?.trim()).to.equal(message);
  expect(control.getAttribute('aria-invalid')).to.equal('true');
  expect(error?.id, 'the message has an id to point at').to.match(/\S/);
  expect(control.getAttribute('aria-errormessage')).to.equal(error?.id);
  expect(control.getAttribute('aria-describedby')?.split(' ')).to.include(error?.id);
  const live = el.shadowRoot?.querySelector('[aria-live=polite]');
  expect(live?.textContent?.trim()).to.equal(message);
}

function expectAccepted(el: PtspFormField): void {
  expect(textOf(el, '.error')).to.equal(undefined);
  expect(input(el).getAttribute('aria-invalid')).to.equal('false');
  expect(input(el).hasAttribute('aria-errormessage')).to.equal(false);
  expect(textOf(el, '[aria-live=polite]')).to.equal(undefined);
}

const LANGUAGES: Language[] = ['id', 'en'];

describe('validation as people type (issue 8)', () => {
  after(async () => {
    await setLanguage('id');
  });

  for (const language of LANGUAGES) {
    describe(`in ${language === 'id' ? 'Indonesian' : 'English'}`, () => {
      beforeEach(async () => {
        await setLanguage(language);
      });

      it('refuses KBLI 4711 (the label says 5 digits) and accepts 47112', async () => {
        const field = demoField('kbli');
        expect(field.kind).to.equal('kbli');
        const short = await render(field);
        await typeAndLeave(short.el, '4711');
        expect(short.saved.at(-1)).to.equal('4711');
        const message = validateAnswer(field, '4711')?.message[language];
        expect(message).to.match(language === 'id' ? /tepat 5 angka/ : /exactly 5 digits/);
        expectAnnounced(short.el, message!);
        const right = await render(field);
        await typeAndLeave(right.el, '47112');
        expect(right.saved.at(-1)).to.equal('47112');
        expectAccepted(right.el);
      });

      it('refuses NPWP 12345 and accepts 01.234.567.8-721.000', async () => {
        const field = demoField('companyNpwp');
        expect(field.kind).to.equal('npwp');
        const short = await render(field);
        await typeAndLeave(short.el, '12345');
        const message = validateAnswer(field, '12345')?.message[language];
        expect(message).to.match(language === 'id' ? /15 angka/ : /15 digits/);
        expectAnnounced(short.el, message!);
        const right = await render(field);
        await typeAndLeave(right.el, '01.234.567.8-721.000');
        expect(right.saved.at(-1)).to.equal('01.234.567.8-721.000');
        expect(input(right.el).value).to.equal('01.234.567.8-721.000');
        expectAccepted(right.el);
      });

      it('refuses a company founding date in 2031', async () => {
        const field = demoField('establishmentDate');
        const { el, saved } = await render(field);
        await typeAndLeave(el, '05-01-2031');
        expect(saved.at(-1)).to.equal('2031-01-05');
        const message = textOf(el, '.error');
        expect(message).to.match(language === 'id' ? /tidak boleh setelah hari ini \(\d{2}-\d{2}-\d{4}\)/ : /cannot be after today \(\d{2}-\d{2}-\d{4}\)/);
        expectAnnounced(el, message!);
        expect(input(el).value, 'still shown as typed').to.equal('05-01-2031');
      });

      it('accepts 250.000.000 (and Rp 250.000.000) and shows how it was read', async () => {
        const field = demoField('netWorth');
        expect(field.currency).to.equal('IDR');
        for (const typed of ['250.000.000', 'Rp 250.000.000']) {
          const { el, saved } = await render(field);
          await typeAndLeave(el, typed);
          expect(saved.at(-1), 'kept as typed').to.equal(typed);
          expect(parseNumber(saved.at(-1) as string)).to.equal(250_000_000);
          expectAccepted(el);
          const reading = textOf(el, `[data-testid=reading-${field.id}]`);
          expect(reading).to.equal(language === 'id' ? 'Dibaca: Rp 250.000.000' : 'Read as: Rp 250,000,000');
          expect(input(el).getAttribute('aria-describedby')?.split(' ')).to.include(`field-${field.id}-reading`);
        }
      });

      it('keeps a NIK typed with spaces whole, stores its 16 digits, and finds it valid', async () => {
        const field = demoField('applicantNik');
        const { el, saved } = await render(field);
        input(el).focus();
        await sendKeys({ type: '6471 0217 0890 0003' });
        await settle();
        expect(input(el).value, 'not cut by maxlength, as typed').to.equal('6471 0217 0890 0003');
        expect(saved.at(-1)).to.equal('6471021708900003');
        expect(textOf(el, '.error')).to.equal(undefined);
        input(el).blur();
        await new Promise((resolve) => setTimeout(resolve, 20));
        expectAccepted(el);
      });

      it('takes a date typed 17-08-2018, stores 2018-08-17, and uses HH-BB-TTTT in example, placeholder and error alike', async () => {
        const field = demoField('establishmentDate');
        const { el, saved } = await render(field);
        expect(input(el).type).to.equal('text');
        const format = language === 'id' ? 'HH-BB-TTTT' : 'DD-MM-YYYY';
        expect(input(el).placeholder).to.equal(format);
        expect(textOf(el, 'label')).to.contain(format);
        expect(textOf(el, `#field-${field.id}-example`)).to.match(/\d{2}-\d{2}-\d{4}/);
        expect(textOf(el, `#field-${field.id}-example`)).to.equal(field.example[language]);
        await typeAndLeave(el, '17-08-2018');
        expect(saved.at(-1)).to.equal('2018-08-17');
        expect(input(el).value, 'the stored ISO date is shown the way it was typed').to.equal('17-08-2018');
        expect(textOf(el, `[data-testid=reading-${field.id}]`)).to.equal(language === 'id' ? 'Dibaca: 17 Agustus 2018' : 'Read as: 17 August 2018');
        expectAccepted(el);

        const wrong = await render(field);
        await typeAndLeave(wrong.el, '17-08-20');
        expect(wrong.saved.at(-1), 'half-typed text is kept as typed').to.equal('17-08-20');
        const message = textOf(wrong.el, '.error');
        expect(message).to.contain(format).and.contain('17-08-2018');
        expect(message).not.to.match(/TTTT-BB-HH|YYYY-MM-DD/);
        expectAnnounced(wrong.el, message!);
      });

      it('after a submit attempt (showErrors) every untouched field shows its problem, silently, and can take focus', async () => {
        const fields = ['applicantName', 'kbli', 'establishmentDate', 'companyAddress', 'partners'].map((id) => {
          const found = demoField(id);
          return id === 'partners' ? { ...found, required: true, minItems: 1 } : found;
        });
        const container = await fixture<HTMLDivElement>(html`<div>${fields.map((field) => html`<ptsp-form-field .field=${field}></ptsp-form-field>`)}</div>`);
        const elements = [...container.querySelectorAll<PtspFormField>('ptsp-form-field')];
        for (const el of elements) expect(el.shadowRoot?.textContent, 'nothing shown before a submit attempt').not.to.match(/wajib diisi\.|is required\./);
        for (const el of elements) el.showErrors = true;
        await Promise.all(elements.map((el) => el.updateComplete));
        await settle();
        await settle();
        const required = language === 'id' ? 'wajib diisi.' : 'is required.';
        for (const [index, el] of elements.entries()) {
          const field = fields[index]!;
          const deep = (root: ParentNode | null | undefined): Element[] => [...(root?.querySelectorAll('*') ?? [])]
            .flatMap((node) => [node, ...deep(node.shadowRoot)]);
          const errors = deep(el.shadowRoot).filter((node) => node.classList.contains('error')).map((node) => node.textContent?.trim());
          expect(errors.join(' | '), field.id).to.contain(required);
          const invalid = deep(el.shadowRoot).filter((node) => node.getAttribute('aria-invalid') === 'true');
          expect(invalid.length, `${field.id} is marked invalid`).to.be.greaterThan(0);
          for (const node of invalid.filter((candidate) => candidate.hasAttribute('aria-errormessage'))) {
            const target = node.getRootNode() as ShadowRoot;
            expect(target.getElementById(node.getAttribute('aria-errormessage')!), `${field.id}: aria-errormessage points at a message`).to.not.equal(null);
          }
          // Not spoken all at once: the form moves focus to the first one instead.
          const live = deep(el.shadowRoot).filter((node) => node.getAttribute('aria-live') === 'polite').map((node) => node.textContent?.trim()).join('');
          expect(live, `${field.id} live region`).to.equal('');
        }
        const kbli = elements[1]!;
        kbli.focusInput();
        expect(kbli.shadowRoot?.activeElement).to.equal(input(kbli));
        const address = elements[3]!;
        address.focusInput('district');
        const addressRoot = address.shadowRoot?.querySelector('ptsp-address-field')?.shadowRoot;
        expect(addressRoot?.activeElement?.id).to.equal('field-companyAddress-district');
        const partners = elements[4]!;
        partners.focusInput();
        const groupRoot = partners.shadowRoot?.querySelector('ptsp-group-field')?.shadowRoot;
        expect(groupRoot?.activeElement?.getAttribute('data-testid'), 'an empty group focuses its add button').to.equal('add-partners');
      });

      it('announces a problem that appears when the person leaves a field', async () => {
        const field = demoField('applicantName');
        const { el } = await render(field);
        expect(textOf(el, '[aria-live=polite]')).to.equal(undefined);
        input(el).focus();
        input(el).blur();
        await el.updateComplete;
        expectAnnounced(el, validateAnswer(field, '')!.message[language]);
      });
    });
  }
});
