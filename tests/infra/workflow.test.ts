import { describe, expect, it } from 'vitest';
import { allTasks, functionLogicalId, reachable, stateMachineDefinition, successors, synthStack, type Definition } from './synth.js';

const { template } = synthStack();
const { definition, raw } = stateMachineDefinition(template);
const states = definition.States;
const state = (name: string) => {
  const s = states[name];
  if (!s) throw new Error(`no state ${name}`);
  return s;
};
const choiceTargets = (name: string) => [...(state(name).Choices ?? []).map((c) => c.Next), state(name).Default];

/** The states on the failure path: they cannot catch into MarkFailed, and must end in SessionFailed. */
const FAILURE_PATH = ['MarkFailed', 'DeleteRawAudioOnFailure', 'PublishFailed'];
const terminals = (def: Definition) =>
  Object.entries(def.States)
    .filter(([, s]) => s.Type === 'Succeed' || s.Type === 'Fail')
    .map(([n]) => n);

describe('the session workflow definition', () => {
  it('is a Standard state machine in JSONPath only: no JSONata, variables, Distributed Map or heartbeats', () => {
    template.hasResourceProperties('AWS::StepFunctions::StateMachine', { StateMachineType: 'STANDARD' });
    expect(definition.QueryLanguage).toBeUndefined();
    for (const forbidden of ['JSONata', '"Assign"', '"Arguments"', '"Output"', 'ItemReader', 'ResultWriter', 'HeartbeatSeconds', '"Map"']) {
      expect(raw).not.toContain(forbidden);
    }
  });

  it('has the named states the local runtime keys its handlers by', () => {
    const expected: Record<string, string> = {
      ValidateUpload: 'Task',
      'IsUploadValid?': 'Choice',
      'IsDuplicate?': 'Choice',
      DeleteDuplicateUpload: 'Task',
      AlreadyProcessed: 'Succeed',
      'IsAudio?': 'Choice',
      'IsStereo?': 'Choice',
      StartTranscriptionStereo: 'Task',
      StartTranscription: 'Task',
      InitWait: 'Pass',
      WaitForTranscript: 'Wait',
      GetTranscriptionJob: 'Task',
      'TranscriptReady?': 'Choice',
      TranscriptionFailed: 'Pass',
      CountWait: 'Pass',
      'WaitedTooLong?': 'Choice',
      TranscriptionTimedOut: 'Pass',
      NormalizeTranscript: 'Task',
      DeleteRawAudio: 'Task',
      AnalyzeSession: 'Parallel',
      PersistResults: 'Task',
      PublishCompleted: 'Task',
      Done: 'Succeed',
      MarkFailed: 'Task',
      DeleteRawAudioOnFailure: 'Task',
      PublishFailed: 'Task',
      SessionFailed: 'Fail',
    };
    expect(definition.StartAt).toBe('ValidateUpload');
    for (const [name, type] of Object.entries(expected)) expect({ name, type: state(name).Type }).toEqual({ name, type });
    expect(state('AnalyzeSession').Branches!.map((b) => b.StartAt)).toEqual(['GenerateNote', 'ScoreAlliance']);
  });

  it('routes an upload by validity, duplication, kind and channels', () => {
    expect(state('ValidateUpload')).toMatchObject({
      Next: 'IsUploadValid?',
      ResultPath: '$.validation',
      Parameters: { 'event.$': '$', 'executionId.$': '$$.Execution.Id' },
    });
    expect(state('IsUploadValid?').Choices).toEqual([{ Variable: '$.validation.valid', BooleanEquals: true, Next: 'IsDuplicate?' }]);
    expect(state('IsUploadValid?').Default).toBe('MarkFailed');
    expect(choiceTargets('IsDuplicate?')).toEqual(['IsRedelivery?', 'IsAudio?']);
    expect(state('IsRedelivery?').Choices).toEqual([{ Variable: '$.validation.redelivery', BooleanEquals: true, Next: 'AlreadyProcessed' }]);
    expect(state('IsRedelivery?').Default).toBe('DeleteDuplicateUpload');
    expect(state('DeleteDuplicateUpload')).toMatchObject({
      Next: 'AlreadyProcessed',
      Parameters: { 'bucket.$': '$.validation.upload.bucket', 'key.$': '$.validation.upload.key', 'onlyVersionId.$': '$.validation.upload.versionId' },
    });
    expect(state('IsAudio?').Choices).toEqual([{ Variable: '$.validation.upload.kind', StringEquals: 'audio', Next: 'IsStereo?' }]);
    expect(state('IsAudio?').Default).toBe('NormalizeTranscript');
    expect(state('IsStereo?').Choices).toEqual([{ Variable: '$.validation.upload.channels', NumericEquals: 2, Next: 'StartTranscriptionStereo' }]);
    expect(state('IsStereo?').Default).toBe('StartTranscription');
  });

  it('transcribes through the SDK integration into the artifacts bucket, encrypted with the key', () => {
    const mono = state('StartTranscription');
    const stereo = state('StartTranscriptionStereo');

    expect(mono.Resource).toMatch(/:states:::aws-sdk:transcribe:startTranscriptionJob$/);
    expect(mono.ResultPath).toBe('$.transcription');
    expect(mono.Parameters).toMatchObject({
      'TranscriptionJobName.$': "States.Format('attune-{}', $$.Execution.Name)",
      Media: { 'MediaFileUri.$': "States.Format('s3://{}/{}', $.validation.upload.bucket, $.validation.upload.key)" },
      'MediaFormat.$': '$.validation.upload.mediaFormat',
      OutputBucketName: expect.stringMatching(/^\$\{Ref:AttuneStorageArtifacts/),
      'OutputKey.$': "States.Format('transcribe/{}/{}/{}.json', $.validation.upload.tenantId, $.validation.upload.clientId, $.validation.upload.sessionId)",
      OutputEncryptionKMSKeyId: expect.stringMatching(/^\$\{GetAtt:AttuneStorageKey\w+\.Arn\}$/),
      Settings: { ShowSpeakerLabels: true, MaxSpeakerLabels: 2 },
    });
    expect(stereo.Parameters).toMatchObject({ Settings: { ChannelIdentification: true } });
    expect(stereo.Parameters!.Settings).not.toHaveProperty('ShowSpeakerLabels');
  });

  it('waits for the transcript in a bounded loop', () => {
    expect(state('StartTranscription').Next).toBe('InitWait');
    expect(state('StartTranscriptionStereo').Next).toBe('InitWait');
    expect(state('InitWait')).toMatchObject({ Result: { attempts: 0 }, ResultPath: '$.wait', Next: 'WaitForTranscript' });
    expect(state('WaitForTranscript')).toMatchObject({ Seconds: 30, Next: 'GetTranscriptionJob' });
    expect(state('GetTranscriptionJob')).toMatchObject({
      ResultSelector: { 'status.$': '$.TranscriptionJob.TranscriptionJobStatus' },
      ResultPath: '$.transcription.job',
      Next: 'TranscriptReady?',
    });
    expect(state('TranscriptReady?').Choices).toEqual([
      { Variable: '$.transcription.job.status', StringEquals: 'COMPLETED', Next: 'NormalizeTranscript' },
      { Variable: '$.transcription.job.status', StringEquals: 'FAILED', Next: 'TranscriptionFailed' },
    ]);
    expect(state('TranscriptReady?').Default).toBe('CountWait');
    expect(state('CountWait')).toMatchObject({
      Parameters: { 'attempts.$': 'States.MathAdd($.wait.attempts, 1)' },
      ResultPath: '$.wait',
      Next: 'WaitedTooLong?',
    });
    // 120 minutes (cdk.json) of 30-second waits.
    expect(state('WaitedTooLong?').Choices).toEqual([{ Variable: '$.wait.attempts', NumericGreaterThanEquals: 240, Next: 'TranscriptionTimedOut' }]);
    expect(state('WaitedTooLong?').Default).toBe('WaitForTranscript');
    expect(state('TranscriptionFailed')).toMatchObject({
      Result: { Error: 'TranscriptionFailed', Cause: 'Amazon Transcribe could not transcribe the recording' },
      ResultPath: '$.error',
      Next: 'MarkFailed',
    });
    expect(state('TranscriptionTimedOut')).toMatchObject({ Result: { Error: 'TranscriptionTimedOut' }, ResultPath: '$.error', Next: 'MarkFailed' });
  });

  it('normalizes, deletes the recording, analyzes in parallel, persists and publishes', () => {
    expect(state('NormalizeTranscript')).toMatchObject({
      Parameters: { 'upload.$': '$.validation.upload' },
      ResultPath: '$.normalized',
      Next: 'DeleteRawAudio',
    });
    expect(state('DeleteRawAudio')).toMatchObject({
      Parameters: { 'bucket.$': '$.validation.upload.bucket', 'key.$': '$.validation.upload.key' },
      ResultPath: '$.deletion',
      Next: 'AnalyzeSession',
    });
    expect(state('AnalyzeSession')).toMatchObject({ ResultPath: '$.results', Next: 'PersistResults' });
    for (const branch of state('AnalyzeSession').Branches!) {
      expect(branch.States[branch.StartAt]!.Parameters).toEqual({ 'upload.$': '$.validation.upload', 'normalized.$': '$.normalized' });
    }
    expect(state('PersistResults')).toMatchObject({
      Parameters: {
        'upload.$': '$.validation.upload',
        'normalized.$': '$.normalized',
        'results.$': '$.results',
        'executionId.$': '$$.Execution.Id',
        'startedAt.$': '$$.Execution.StartTime',
      },
      ResultPath: '$.persisted',
    });
    expect(choiceTargets('AlreadyCompleted?')).toEqual(['AlreadyProcessed', 'PublishCompleted']);
    expect(state('PublishCompleted')).toMatchObject({
      Resource: expect.stringMatching(/:states:::events:putEvents$/),
      Parameters: { Entries: [{ Source: 'attune', DetailType: 'attune.session.completed', 'Detail.$': '$.persisted.event' }] },
      Next: 'Done',
    });
  });

  it("names each Parallel branch's answer after what it wrote, so PersistResults reads names, not positions", () => {
    // Each name must select the answer of the branch that writes it: the note from GenerateNote, the scores from ScoreAlliance.
    const selector = state('AnalyzeSession').ResultSelector as Record<string, string>;
    const startOf = (path: string) => state('AnalyzeSession').Branches![Number(/^\$\[(\d+)\]$/.exec(path)![1])]!.StartAt;
    expect(Object.keys(selector).sort()).toEqual(['alliance.$', 'note.$']);
    expect(startOf(selector['note.$']!)).toBe('GenerateNote');
    expect(startOf(selector['alliance.$']!)).toBe('ScoreAlliance');
    expect(raw).not.toMatch(/\$\.results\[|\$\.analysis/);
  });

  it('invokes each function by its ARN with the payload alone (payloadResponseOnly)', () => {
    const byState: Record<string, string> = {
      ValidateUpload: 'ValidateUpload',
      NormalizeTranscript: 'NormalizeTranscript',
      DeleteRawAudio: 'DeleteRawAudio',
      DeleteDuplicateUpload: 'DeleteRawAudio',
      DeleteRawAudioOnFailure: 'DeleteRawAudio',
      MarkFailed: 'MarkFailed',
      PersistResults: 'PersistResults',
    };
    for (const [name, fn] of Object.entries(byState)) {
      expect(state(name).Resource).toBe(`\${GetAtt:${functionLogicalId(template, fn)}.Arn}`);
    }
  });

  it('retries throttling on every Task with backoff (2 s, ×2, 5 attempts)', () => {
    const tasks = allTasks(definition);
    expect(tasks.length).toBeGreaterThanOrEqual(14);
    for (const { name, state: task } of tasks) {
      expect(task.Retry, name).toBeDefined();
      for (const retry of task.Retry!) {
        // Sized for Transcribe's concurrent-job quota instead: tests/infra/transcribe-quota.test.ts.
        if (name.startsWith('StartTranscription') && retry.ErrorEquals.includes('Transcribe.LimitExceededException')) continue;
        expect({ name, ...retry }).toMatchObject({ name, IntervalSeconds: 2, BackoffRate: 2, MaxAttempts: 5 });
      }
      const errors = task.Retry!.flatMap((r) => r.ErrorEquals);
      if (task.Resource?.includes('transcribe')) expect(errors).toContain('Transcribe.LimitExceededException');
      else if (task.Resource?.includes('events:putEvents')) expect(errors).toContain('EventBridge.FailedEntry');
      else expect(errors).toEqual(expect.arrayContaining(['Lambda.TooManyRequestsException', 'Lambda.ServiceException']));
    }
  });

  it('catches every error of every Task into MarkFailed (branch tasks through their Parallel)', () => {
    for (const { name, state: task, parallel } of allTasks(definition)) {
      if (FAILURE_PATH.includes(name)) continue;
      const holder = parallel ? state(parallel) : task;
      expect(holder.Catch, name).toEqual([{ ErrorEquals: ['States.ALL'], ResultPath: '$.error', Next: 'MarkFailed' }]);
    }
  });

  it('makes the failure path catch its own errors and always end in SessionFailed', () => {
    for (const name of FAILURE_PATH) {
      expect(state(name).Catch?.[0]?.ErrorEquals, name).toEqual(['States.ALL']);
      const ends = [...reachable(definition, name)].filter((n) => terminals(definition).includes(n));
      expect(ends, name).toEqual(['SessionFailed']);
    }
    expect(state('MarkFailed')).toMatchObject({ Parameters: { 'state.$': '$', 'executionId.$': '$$.Execution.Id' }, ResultPath: '$.failed' });
    expect(state('DeleteRawAudioOnFailure').Parameters).toEqual({
      'bucket.$': '$.failed.bucket',
      'key.$': '$.failed.key',
      'onlyVersionId.$': '$.failed.onlyVersionId',
    });
    expect(state('PublishFailed').Parameters).toMatchObject({
      Entries: [{ Source: 'attune', DetailType: 'attune.session.failed', 'Detail.$': '$.failed.event' }],
    });
  });

  it('deletes the raw upload before any success: no Succeed state is reachable around the deletions', () => {
    const succeeds = Object.entries(states)
      .filter(([, s]) => s.Type === 'Succeed')
      .map(([n]) => n);
    expect(succeeds.sort()).toEqual(['AlreadyProcessed', 'Done']);
    // A redelivered event skips deletion on purpose: its version belongs to the execution already running,
    // which deletes every version itself. Every other path to a success deletes first.
    const around = reachable(definition, definition.StartAt, ['DeleteRawAudio', 'DeleteDuplicateUpload', 'IsRedelivery?']);
    for (const name of succeeds) expect(around.has(name), name).toBe(false);
    expect(reachable(definition, definition.StartAt, ['DeleteRawAudio']).has('Done')).toBe(false);
  });

  it('deletes the raw upload on every failure path: SessionFailed is unreachable around DeleteRawAudioOnFailure', () => {
    expect(reachable(definition, definition.StartAt).has('SessionFailed')).toBe(true);
    expect(reachable(definition, definition.StartAt, ['DeleteRawAudioOnFailure']).has('SessionFailed')).toBe(false);
    // And every state that can fail reaches the deletion: each Catch target leads there.
    for (const s of Object.values(states)) {
      for (const c of s.Catch ?? []) {
        if (c.Next === 'SessionFailed' || c.Next === 'HasFailureEvent?') continue;
        expect(reachable(definition, c.Next).has('DeleteRawAudioOnFailure'), c.Next).toBe(true);
      }
    }
  });

  it('has no dangling transitions and no unreachable states', () => {
    const all = reachable(definition, definition.StartAt);
    expect([...all].sort()).toEqual(Object.keys(states).sort());
    for (const s of Object.values(states)) for (const next of successors(s)) expect(states).toHaveProperty([next]);
  });
});
