// "Nächste Schritte": the forms for the steps of the journey that are possible now, for the
// viewer's role. The rules mirror the domain's (services/domain/src/municipality.rs) and
// who may run which command (services/graphql/src/auth.rs); the server decides in the end, and its refusals appear next to the form.

import { useEffect, useRef, useState, type ReactElement } from 'react';
import { useTranslation } from 'react-i18next';
import { useFacilitators } from '../../../api/hooks';
import type { MunicipalityDetail } from '../../../api/types';
import type { Role, Stage } from '../../../domain';
import {
  AdmitForm,
  AssignContactForm,
  AssignFacilitatorForm,
  CompleteForm,
  DeclineForm,
  PlanDialogueForm,
  PlanSupportForm,
  PutOnHoldForm,
  RecordDialogueForm,
  RecordInterviewForm,
  RecordSupportForm,
  RecordWorkshopForm,
  ScheduleInterviewForm,
  ScheduleWorkshopForm,
  WithdrawForm,
  type StepProps,
} from './forms';

const PARTICIPATING: readonly Stage[] = ['ONBOARDING', 'SELF_CHECK', 'WORKSHOP', 'IMPLEMENTATION'];
const FINAL: readonly Stage[] = ['COMPLETED', 'DECLINED', 'WITHDRAWN'];

export type StepKey =
  | 'scheduleInterview'
  | 'recordInterview'
  | 'admit'
  | 'putOnHold'
  | 'decline'
  | 'assignContactPerson'
  | 'assignFacilitator'
  | 'scheduleWorkshop'
  | 'recordWorkshop'
  | 'planSupport'
  | 'recordSupport'
  | 'planDialogueEvent'
  | 'recordDialogueEvent'
  | 'complete'
  | 'withdraw';

/** Steps facilitators may take (for the municipalities they accompany). */
const FACILITATOR_STEPS: readonly StepKey[] = [
  'scheduleWorkshop',
  'recordWorkshop',
  'planSupport',
  'recordSupport',
  'planDialogueEvent',
  'recordDialogueEvent',
];

/** Steps contact persons may take (for their own municipality): its dialogue events. */
const CONTACT_STEPS: readonly StepKey[] = ['planDialogueEvent', 'recordDialogueEvent'];

/** The steps possible now, in the order they usually come. */
export function possibleSteps(m: MunicipalityDetail, role: Role): StepKey[] {
  if (role === 'funder') return [];
  const stage = m.stage;
  const steps: StepKey[] = [];
  if (FINAL.includes(stage)) return steps;
  const interviewHeld = !!m.interview?.heldOn;
  if (stage === 'INTEREST' || stage === 'ON_HOLD' || (stage === 'INTERVIEW' && !interviewHeld)) {
    steps.push('scheduleInterview');
  }
  if (stage === 'INTERVIEW' && m.interview && !interviewHeld) steps.push('recordInterview');
  if ((stage === 'INTERVIEW' && interviewHeld) || stage === 'WAITING_LIST' || (stage === 'ON_HOLD' && interviewHeld)) {
    steps.push('admit');
  }
  if (stage === 'INTEREST' || stage === 'INTERVIEW' || stage === 'WAITING_LIST') steps.push('putOnHold');
  if (stage === 'INTEREST' || stage === 'INTERVIEW' || stage === 'WAITING_LIST' || stage === 'ON_HOLD') {
    steps.push('decline');
  }
  if (PARTICIPATING.includes(stage)) {
    steps.push('assignContactPerson', 'assignFacilitator');
    if (m.selfCheck?.firstSubmittedOn && !m.workshop?.held) steps.push('scheduleWorkshop');
    if (m.workshop && !m.workshop.held) steps.push('recordWorkshop');
    steps.push('planDialogueEvent');
    if (m.dialogueEvents.some((e) => !e.held)) steps.push('recordDialogueEvent');
    steps.push('planSupport');
    if (m.support.some((s) => !s.held)) steps.push('recordSupport');
    steps.push('complete');
  }
  steps.push('withdraw');
  if (role === 'facilitator') return steps.filter((s) => FACILITATOR_STEPS.includes(s));
  if (role === 'contact') return steps.filter((s) => CONTACT_STEPS.includes(s));
  return steps;
}

/** The facilitator step loads the people to choose from (only the team may list them). */
function AssignFacilitatorStep(props: StepProps) {
  const facilitators = useFacilitators();
  return <AssignFacilitatorForm {...props} facilitators={facilitators.status === 'ready' ? facilitators.data : []} />;
}

function stepForm(key: StepKey, props: StepProps): ReactElement {
  switch (key) {
    case 'scheduleInterview':
      return <ScheduleInterviewForm {...props} />;
    case 'recordInterview':
      return <RecordInterviewForm {...props} />;
    case 'admit':
      return <AdmitForm {...props} />;
    case 'putOnHold':
      return <PutOnHoldForm {...props} />;
    case 'decline':
      return <DeclineForm {...props} />;
    case 'assignContactPerson':
      return <AssignContactForm {...props} />;
    case 'assignFacilitator':
      return <AssignFacilitatorStep {...props} />;
    case 'scheduleWorkshop':
      return <ScheduleWorkshopForm {...props} />;
    case 'recordWorkshop':
      return <RecordWorkshopForm {...props} />;
    case 'planSupport':
      return <PlanSupportForm {...props} />;
    case 'recordSupport':
      return <RecordSupportForm {...props} />;
    case 'planDialogueEvent':
      return <PlanDialogueForm {...props} />;
    case 'recordDialogueEvent':
      return <RecordDialogueForm {...props} />;
    case 'complete':
      return <CompleteForm {...props} />;
    case 'withdraw':
      return <WithdrawForm {...props} />;
  }
}

export function NextSteps({ m, role, onChanged }: { m: MunicipalityDetail; role: Role; onChanged: () => void }) {
  const { t } = useTranslation();
  // The announcement after a step; `seq` moves the focus to it each time.
  const [notice, setNotice] = useState<{ message: string; seq: number } | null>(null);
  const noticeRef = useRef<HTMLDivElement>(null);
  const steps = possibleSteps(m, role);
  useEffect(() => {
    if (notice) noticeRef.current?.focus();
  }, [notice]);

  const onDone = (message: string) => {
    setNotice((prev) => ({ message, seq: (prev?.seq ?? 0) + 1 }));
    onChanged();
  };

  return (
    <>
      {notice && (
        <div className="alert alert-success" role="status" tabIndex={-1} ref={noticeRef}>
          <p>
            {notice.message} {t('actions.stageNow', { stage: t(`stage.${m.stage}`) })}
          </p>
        </div>
      )}
      {steps.length ? (
        <>
          <p>{t('actions.intro')}</p>
          <p className="required-note">{t('common.requiredNote')}</p>
          <div className="actions">
            {steps.map((key) => (
              <div key={key}>
                {stepForm(key, { m, onDone, onSend: () => setNotice(null) })}
              </div>
            ))}
          </div>
        </>
      ) : (
        <p>{t('actions.none')}</p>
      )}
    </>
  );
}
