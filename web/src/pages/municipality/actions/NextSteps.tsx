// "Nächste Schritte": the forms for the steps of the journey that are possible now, for the
// viewer's role. The rules mirror the domain's (services/domain/src/municipality.rs); the
// server decides in the end, and its refusals appear next to the form.

import { useEffect, useRef, useState, type ReactElement } from 'react';
import { useTranslation } from 'react-i18next';
import { useFacilitators } from '../../../api/hooks';
import type { MunicipalityDetail, Person } from '../../../api/types';
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

/** The steps possible now, in the order they usually come. */
export function possibleSteps(m: MunicipalityDetail, role: Role): StepKey[] {
  if (role !== 'team' && role !== 'facilitator') return [];
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
  return role === 'facilitator' ? steps.filter((s) => FACILITATOR_STEPS.includes(s)) : steps;
}

function stepForm(key: StepKey, props: StepProps, facilitators: Person[]): ReactElement {
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
      return <AssignFacilitatorForm {...props} facilitators={facilitators} />;
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
  const facilitators = useFacilitators();
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
                {stepForm(key, { m, onDone, onSend: () => setNotice(null) }, facilitators.status === 'ready' ? facilitators.data : [])}
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
