import { useEffect, useRef, useState, type FormEvent, type MouseEvent, type ReactNode } from 'react';
import type { ParseKeys } from 'i18next';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { useApi } from '../api';
import { useProgrammeForms } from '../api/hooks';
import { InterestRefused, type FieldError, type InterestField, type InterestInput, type PublicProgramme } from '../api/types';
import { PageHeading } from '../components/PageHeading';
import { CheckboxField, RadioGroup, SelectField, TextAreaField, TextField } from '../components/fields';
import { useLanguage } from '../components/useLanguage';
import { PATHS } from '../navigation';
import { BUNDESLAENDER, LANGUAGES, MUNICIPALITY_KINDS, isLanguage, type Bundesland, type MunicipalityKind, type ValidationCode } from '../domain';
import { INTEREST_FIELDS, LIMITS, validateInterest } from '../validation';

const EMPTY: Omit<InterestInput, 'language'> = {
  municipalityName: '',
  land: '',
  kind: '',
  population: '',
  submitterName: '',
  submitterRole: '',
  email: '',
  phone: '',
  motivation: '',
  consent: false,
  website: '',
};

/** Messages worded for one field; every other error uses the general `errors.<code>`. */
const FIELD_MESSAGES: Partial<Record<InterestField, Partial<Record<ValidationCode, ParseKeys>>>> = {
  land: { required: 'interest.fieldErrors.land.required' },
  kind: { required: 'interest.fieldErrors.kind.required' },
  population: { too_large: 'interest.fieldErrors.population.too_large' },
  consent: { required: 'interest.fieldErrors.consent.required' },
};

/** Short names of the fields, for the error summary. */
const FIELD_NAMES: Record<InterestField, ParseKeys> = {
  municipalityName: 'interest.municipalityName',
  land: 'interest.land',
  kind: 'interest.kind',
  population: 'interest.population',
  submitterName: 'interest.submitterName',
  submitterRole: 'interest.submitterRole',
  email: 'interest.email',
  phone: 'interest.phone',
  motivation: 'interest.sectionMotivation',
  consent: 'interest.consentShort',
  language: 'app.language',
};

/** Element id of a field's control (the language group focuses its first radio). */
function controlId(field: InterestField): string {
  return field === 'language' ? 'interest-language-de' : `interest-${field}`;
}

/** Summary links move focus into the field itself, not only scroll to it. */
function focusField(ev: MouseEvent<HTMLAnchorElement>, id: string) {
  const el = document.getElementById(id);
  if (!el) return;
  ev.preventDefault();
  el.focus();
  el.scrollIntoView({ block: 'center' });
}

/** "Programm: …" and who runs it, above the form or its notice. */
function ProgrammeName({ programme }: { programme: PublicProgramme }) {
  const { t } = useTranslation();
  return (
    <div className="interest__programme">
      <p className="interest__programme-name">{t('interest.programme', { name: programme.name })}</p>
      <p className="interest__organisation">{t('interest.organisation', { organisation: programme.organisation })}</p>
    </div>
  );
}

/** Where the page leads when the programme of the address is closed or unknown. */
function ToAllProgrammes() {
  const { t } = useTranslation();
  return (
    <p>
      <Link to={PATHS.interest}>{t('interest.allProgrammes')}</Link>
    </p>
  );
}

/** Several programmes take applications: each has its own form. */
function ProgrammeChoice({ open }: { open: PublicProgramme[] }) {
  const { t } = useTranslation();
  return (
    <section aria-labelledby="interest-choose-title" className="interest__choice">
      <h2 id="interest-choose-title">{t('interest.chooseTitle')}</h2>
      <p>{t('interest.chooseIntro')}</p>
      <ul className="interest__programmes">
        {open.map((p) => (
          <li key={p.id}>
            <Link to={p.interestFormPath} className="interest__programme-link">
              {p.name}
            </Link>
            <span className="interest__organisation">{t('interest.organisation', { organisation: p.organisation })}</span>
          </li>
        ))}
      </ul>
    </section>
  );
}

/**
 * `/interesse/<programme>`: the form of one programme (the address the team hands out),
 * its notice when it takes no applications now, or that there is no such programme.
 * `/interesse`: the choice when several programmes take applications, the form of the only
 * one, or that none does now. Without the list (an older server, a failed request) the form
 * shows as before and the server decides on submit.
 */
export default function InterestPage() {
  const { t } = useTranslation();
  const { programmeId } = useParams();
  const forms = useProgrammeForms();
  const [sent, setSent] = useState(false);

  let body: ReactNode;
  if (forms.status === 'loading') {
    body = (
      <p className="loading" role="status" data-loading>
        {t('app.loading')}
      </p>
    );
  } else if (forms.status === 'error') {
    body = <InterestForm key={programmeId ?? ''} programmeId={programmeId} onSent={setSent} />;
  } else if (programmeId !== undefined) {
    const programme = forms.data.find((p) => p.id === programmeId);
    if (!programme) {
      body = (
        <div className="alert alert-info">
          <h2>{t('interest.notFoundTitle')}</h2>
          <p>{t('interest.notFound')}</p>
          <ToAllProgrammes />
        </div>
      );
    } else if (!programme.open) {
      body = (
        <>
          <ProgrammeName programme={programme} />
          <div className="alert alert-info">
            <h2>{t('interest.closedTitle')}</h2>
            <p>{programme.notice}</p>
            <ToAllProgrammes />
          </div>
        </>
      );
    } else {
      body = <InterestForm key={programmeId} programmeId={programmeId} programme={programme} onSent={setSent} />;
    }
  } else {
    const open = forms.data.filter((p) => p.open);
    const only = open.length === 1 ? open[0] : undefined;
    if (only) {
      // At /interesse the server chooses the tenant's open programme, as before.
      body = <InterestForm key="" programmeId={undefined} programme={only} onSent={setSent} />;
    } else if (open.length) {
      body = <ProgrammeChoice open={open} />;
    } else {
      body = (
        <div className="alert alert-info">
          <p>{t('interest.noneOpen')}</p>
        </div>
      );
    }
  }

  return (
    <div className="narrow">
      <PageHeading title={t('interest.title')}>{!sent && <p className="lead">{t('interest.intro')}</p>}</PageHeading>
      {body}
    </div>
  );
}

interface FormProps {
  /** Sent with the form: the programme of the address (none at `/interesse`). */
  programmeId: string | undefined;
  /** The programme the form is for, named above it. */
  programme?: PublicProgramme | undefined;
  /** The page drops its introduction once the form is sent. */
  onSent: (sent: boolean) => void;
}

function InterestForm({ programmeId, programme, onSent }: FormProps) {
  const { t } = useTranslation();
  const api = useApi();
  const uiLanguage = useLanguage();
  const [input, setInput] = useState<InterestInput>({ ...EMPTY, language: uiLanguage });
  const [errors, setErrors] = useState<FieldError<InterestField>[]>([]);
  const [state, setState] = useState<'editing' | 'sending' | 'sent' | 'failed'>('editing');
  // A refusal of the whole form (it closed meanwhile, the programme was archived), in the
  // server's words.
  const [refusal, setRefusal] = useState<string | null>(null);
  // Signed by the server when the form is shown: it refuses forms without one and forms sent
  // back within seconds of it (robots).
  const [formToken, setFormToken] = useState<string>();
  useEffect(() => {
    let current = true;
    api.interestFormToken().then(
      (token) => current && setFormToken(token),
      // Without a token the form is refused on submit and the page says so.
      () => undefined,
    );
    return () => {
      current = false;
    };
  }, [api]);
  const summary = useRef<HTMLDivElement>(null);
  const done = useRef<HTMLDivElement>(null);

  const set = <K extends keyof InterestInput>(key: K, value: InterestInput[K]) => {
    setInput((prev) => ({ ...prev, [key]: value }));
    // A corrected field loses its message at once; new messages appear on submit.
    setErrors((prev) => prev.filter((e) => e.field !== key));
  };

  const errorFor = (field: InterestField): string | undefined => {
    const e = errors.find((x) => x.field === field);
    if (!e) return undefined;
    const specific = FIELD_MESSAGES[field]?.[e.code];
    return specific ? t(specific) : t(`errors.${e.code}`);
  };

  const show = (found: FieldError<InterestField>[]) => {
    setErrors(found);
    // Focus the summary so the count is read out; its links lead to each field.
    requestAnimationFrame(() => summary.current?.focus());
  };

  async function submit(e: FormEvent) {
    e.preventDefault();
    const found = validateInterest(input);
    if (found.length) return show(found);
    setState('sending');
    setRefusal(null);
    try {
      const result = await api.submitInterest({ ...input, formToken, programmeId });
      if (result.ok) {
        setState('sent');
        onSent(true);
        requestAnimationFrame(() => done.current?.focus());
      } else {
        setState('editing');
        show(result.errors);
      }
    } catch (e) {
      if (e instanceof InterestRefused) setRefusal(e.message);
      setState('failed');
    }
  }

  if (state === 'sent') {
    return (
      <>
        {programme && <ProgrammeName programme={programme} />}
        <div className="alert alert-success" tabIndex={-1} ref={done} role="status">
          <h2>{t('interest.successTitle')}</h2>
          <p>{t('interest.successText', { email: input.email.trim() })}</p>
          <button
            type="button"
            className="button button--secondary"
            onClick={() => {
              setInput({ ...EMPTY, language: input.language });
              setState('editing');
              onSent(false);
            }}
          >
            {t('interest.another')}
          </button>
        </div>
      </>
    );
  }

  const sorted = INTEREST_FIELDS.flatMap((f) => errors.filter((e) => e.field === f));

  return (
    <>
      {programme && <ProgrammeName programme={programme} />}
      {sorted.length > 0 && (
        <div className="error-summary" tabIndex={-1} ref={summary} role="alert" aria-labelledby="error-summary-title">
          <h2 id="error-summary-title">{t('errors.summaryTitle', { count: sorted.length })}</h2>
          <ul>
            {sorted.map((e) => (
              <li key={e.field}>
                <a href={`#${controlId(e.field)}`} onClick={(ev) => focusField(ev, controlId(e.field))}>
                  {t('errors.summaryItem', { field: t(FIELD_NAMES[e.field]), message: errorFor(e.field) })}
                </a>
              </li>
            ))}
          </ul>
        </div>
      )}
      {state === 'failed' && (
        <p className="alert alert-error" role="alert">
          {refusal ?? t('interest.sendFailed')}
        </p>
      )}

      <p className="required-note">{t('common.requiredNote')}</p>
      <form noValidate onSubmit={(e) => void submit(e)} className="stack">
        <fieldset className="form-section">
          <legend>{t('interest.sectionMunicipality')}</legend>
          <TextField
            id="interest-municipalityName"
            label={t('interest.municipalityName')}
            required
            maxLength={LIMITS.name}
            autoComplete="organization"
            value={input.municipalityName}
            error={errorFor('municipalityName')}
            onChange={(e) => set('municipalityName', e.target.value)}
          />
          <SelectField
            id="interest-land"
            label={t('interest.land')}
            required
            placeholder={t('interest.choose')}
            options={BUNDESLAENDER.map((l) => ({ value: l, label: t(`land.${l}`) }))}
            value={input.land}
            error={errorFor('land')}
            onChange={(e) => set('land', e.target.value as Bundesland | '')}
          />
          <SelectField
            id="interest-kind"
            label={t('interest.kind')}
            required
            placeholder={t('interest.choose')}
            options={MUNICIPALITY_KINDS.map((k) => ({ value: k, label: t(`kind.${k}`) }))}
            value={input.kind}
            error={errorFor('kind')}
            onChange={(e) => set('kind', e.target.value as MunicipalityKind | '')}
          />
          <TextField
            id="interest-population"
            label={t('interest.population')}
            hint={t('interest.populationHint')}
            required
            inputMode="numeric"
            className="input--short"
            value={input.population}
            error={errorFor('population')}
            onChange={(e) => set('population', e.target.value)}
          />
        </fieldset>

        <fieldset className="form-section">
          <legend>{t('interest.sectionPerson')}</legend>
          <TextField
            id="interest-submitterName"
            label={t('interest.submitterName')}
            required
            maxLength={LIMITS.name}
            autoComplete="name"
            value={input.submitterName}
            error={errorFor('submitterName')}
            onChange={(e) => set('submitterName', e.target.value)}
          />
          <TextField
            id="interest-submitterRole"
            label={t('interest.submitterRole')}
            hint={t('interest.submitterRoleHint')}
            required
            maxLength={LIMITS.shortText}
            autoComplete="organization-title"
            value={input.submitterRole}
            error={errorFor('submitterRole')}
            onChange={(e) => set('submitterRole', e.target.value)}
          />
          <TextField
            id="interest-email"
            label={t('interest.email')}
            type="email"
            required
            autoComplete="email"
            spellCheck={false}
            value={input.email}
            error={errorFor('email')}
            onChange={(e) => set('email', e.target.value)}
          />
          <TextField
            id="interest-phone"
            label={`${t('interest.phone')} (${t('common.optional')})`}
            type="tel"
            autoComplete="tel"
            value={input.phone}
            error={errorFor('phone')}
            onChange={(e) => set('phone', e.target.value)}
          />
          <RadioGroup
            name="interest-language"
            legend={t('interest.language')}
            options={LANGUAGES.map((l) => ({ value: l, label: <span lang={l}>{t(`language.${l}`)}</span> }))}
            value={input.language}
            onChange={(v) => {
              if (isLanguage(v)) set('language', v);
            }}
          />
        </fieldset>

        <fieldset className="form-section">
          <legend>{t('interest.sectionMotivation')}</legend>
          <TextAreaField
            id="interest-motivation"
            label={t('interest.motivation')}
            hint={t('interest.motivationHint')}
            required
            rows={6}
            maxLength={LIMITS.longText}
            value={input.motivation}
            error={errorFor('motivation')}
            onChange={(e) => set('motivation', e.target.value)}
          />
          <CheckboxField
            id="interest-consent"
            label={t('interest.consent')}
            required
            checked={input.consent}
            error={errorFor('consent')}
            onChange={(e) => set('consent', e.target.checked)}
          />
        </fieldset>

        {/* Honeypot: hidden from people and assistive technology, tempting for bots. */}
        <div className="honeypot" aria-hidden="true">
          <label htmlFor="interest-website">{t('interest.honeypot')}</label>
          <input
            id="interest-website"
            name="website"
            type="text"
            tabIndex={-1}
            autoComplete="off"
            value={input.website}
            onChange={(e) => set('website', e.target.value)}
          />
        </div>

        <div>
          <button type="submit" className="button" disabled={state === 'sending'}>
            {state === 'sending' ? t('interest.sending') : t('interest.submit')}
          </button>
        </div>
      </form>
    </>
  );
}
