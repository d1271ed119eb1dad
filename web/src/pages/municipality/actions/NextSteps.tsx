// "Nächste Schritte": the forms for the steps of the journey the viewer can take now.
// Which steps are possible is the server's answer, `m.availableSteps`: the domain derives
// them from its own rules (services/domain/src/steps.rs) and the API keeps those the
// viewer may take (services/graphql/src/auth.rs). The web only shows them, in the server's
// order; should a step be refused all the same (the page was stale), the refusal appears
// next to its form.

import { useEffect, useRef, useState, type ComponentType } from 'react';
import { useTranslation } from 'react-i18next';
import { useFacilitators } from '../../../api/hooks';
import type { MunicipalityDetail, StepKey } from '../../../api/types';
import {
  AdmitForm,
  AssignContactForm,
  AssignFacilitatorForm,
  AssignNextStepForms,
  CancelDialogueForms,
  CancelInterviewForm,
  CancelSupportForms,
  CancelWorkshopForm,
  CloseAsDuplicateForm,
  CompleteForm,
  CorrectContactDetailsForm,
  CorrectDialogueForms,
  CorrectInterviewForm,
  CorrectProfileForm,
  CorrectSubmitterForm,
  CorrectSupportForms,
  CorrectWorkshopForm,
  DeclineForm,
  DropNextStepForms,
  EditNextStepForms,
  MoveDialogueForms,
  MoveSupportForms,
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

/** The facilitator step loads the people to choose from (only the team may list them). */
function AssignFacilitatorStep(props: StepProps) {
  const facilitators = useFacilitators();
  return <AssignFacilitatorForm {...props} facilitators={facilitators.status === 'ready' ? facilitators.data : []} />;
}

/**
 * The form of each step, or null for steps that live elsewhere: the self-check on its own
 * page, doing a next step of the action plan at its task.
 */
const STEP_FORMS: Record<StepKey, ComponentType<StepProps> | null> = {
  scheduleInterview: ScheduleInterviewForm,
  cancelInterview: CancelInterviewForm,
  recordInterview: RecordInterviewForm,
  admit: AdmitForm,
  putOnHold: PutOnHoldForm,
  decline: DeclineForm,
  closeAsDuplicate: CloseAsDuplicateForm,
  assignContactPerson: AssignContactForm,
  assignFacilitator: AssignFacilitatorStep,
  startSelfCheck: null,
  saveSelfCheckAnswer: null,
  submitSelfCheck: null,
  scheduleWorkshop: ScheduleWorkshopForm,
  cancelWorkshop: CancelWorkshopForm,
  recordWorkshop: RecordWorkshopForm,
  completeNextStep: null,
  // One form per next step still to be done.
  editNextStep: EditNextStepForms,
  assignNextStep: AssignNextStepForms,
  dropNextStep: DropNextStepForms,
  planSupport: PlanSupportForm,
  // One form per planned format.
  moveSupport: MoveSupportForms,
  cancelSupport: CancelSupportForms,
  recordSupport: RecordSupportForm,
  planDialogueEvent: PlanDialogueForm,
  // One form per planned dialogue event.
  moveDialogueEvent: MoveDialogueForms,
  cancelDialogueEvent: CancelDialogueForms,
  recordDialogueEvent: RecordDialogueForm,
  complete: CompleteForm,
  correctProfile: CorrectProfileForm,
  correctSubmitter: CorrectSubmitterForm,
  correctContactDetails: CorrectContactDetailsForm,
  correctInterview: CorrectInterviewForm,
  correctWorkshop: CorrectWorkshopForm,
  // One form per format recorded as held.
  correctSupport: CorrectSupportForms,
  // One form per dialogue event recorded as held.
  correctDialogueEvent: CorrectDialogueForms,
  withdraw: WithdrawForm,
};

/** The steps the server offers that have a form here, in the server's order. */
export function stepsWithForm(m: Pick<MunicipalityDetail, 'availableSteps'>): StepKey[] {
  return m.availableSteps.filter((key) => STEP_FORMS[key] !== null);
}

function StepForm({ step, ...props }: StepProps & { step: StepKey }) {
  const Form = STEP_FORMS[step];
  return Form ? <Form {...props} /> : null;
}

export function NextSteps({ m, onChanged }: { m: MunicipalityDetail; onChanged: () => void }) {
  const { t } = useTranslation();
  // The announcement after a step; `seq` moves the focus to it each time.
  const [notice, setNotice] = useState<{ message: string; seq: number } | null>(null);
  const noticeRef = useRef<HTMLDivElement>(null);
  const steps = stepsWithForm(m);
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
                <StepForm step={key} m={m} onDone={onDone} onSend={() => setNotice(null)} />
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
