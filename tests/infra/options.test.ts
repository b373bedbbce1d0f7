/** One stack with every option switched: medical transcription, a Bedrock model, an existing key and user pool, an alarm email. */
import { describe, expect, it } from 'vitest';
import { actionsOf, functionPermissions, stateMachineDefinition, synthStack } from './synth.js';

const KEY_ARN = 'arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab';
const { template } = synthStack({
  context: {
    'attune:transcribeMode': 'medical',
    'attune:bedrockModelId': 'eu.anthropic.claude-3-7-sonnet-20250219-v1:0',
    'attune:existingKmsKeyArn': KEY_ARN,
    'attune:existingUserPoolId': 'eu-west-1_AbCdEf123',
    'attune:alarmEmail': 'oncall@example.org',
    'attune:maxTranscriptionWaitMinutes': 30,
    'attune:retentionDays': 90,
  },
});
const { definition } = stateMachineDefinition(template);

describe('options', () => {
  it('transcribes with Amazon Transcribe Medical and reads medical jobs', () => {
    const start = definition.States.StartTranscription!;
    expect(start.Resource).toMatch(/aws-sdk:transcribe:startMedicalTranscriptionJob$/);
    expect(start.Parameters).toMatchObject({
      'MedicalTranscriptionJobName.$': "States.Format('attune-{}', $$.Execution.Name)",
      Specialty: 'PRIMARYCARE',
      Type: 'CONVERSATION',
      LanguageCode: 'en-US',
      OutputEncryptionKMSKeyId: KEY_ARN,
    });
    expect(definition.States.GetTranscriptionJob).toMatchObject({
      Resource: expect.stringMatching(/aws-sdk:transcribe:getMedicalTranscriptionJob$/),
      ResultSelector: { 'status.$': '$.MedicalTranscriptionJob.TranscriptionJobStatus' },
    });
    expect(definition.States['WaitedTooLong?']!.Choices).toEqual([
      { Variable: '$.wait.attempts', NumericGreaterThanEquals: 60, Next: 'TranscriptionTimedOut' },
    ]);
  });

  it('uses the existing key everywhere and creates none', () => {
    template.resourceCountIs('AWS::KMS::Key', 0);
    template.hasResourceProperties('AWS::DynamoDB::Table', { SSESpecification: { KMSMasterKeyId: KEY_ARN } });
    template.hasResourceProperties('AWS::SQS::Queue', { KmsMasterKeyId: KEY_ARN });
    expect(JSON.stringify(template.findResources('AWS::S3::Bucket'))).toContain(KEY_ARN);
  });

  it('authorizes with the existing user pool and creates none, nor groups in it (they must exist there)', () => {
    template.resourceCountIs('AWS::Cognito::UserPool', 0);
    template.resourceCountIs('AWS::Cognito::UserPoolGroup', 0);
    expect(JSON.stringify(template.findResources('AWS::ApiGateway::Authorizer'))).toContain(':userpool/eu-west-1_AbCdEf123');
  });

  it('lets only the analysis functions invoke only the configured model, through its inference profile', () => {
    for (const id of ['GenerateNote', 'ScoreAlliance']) {
      const bedrock = functionPermissions(template, id).statements.filter((s) => actionsOf(s).some((a) => a.startsWith('bedrock:')));
      expect(bedrock).toHaveLength(1);
      expect(actionsOf(bedrock[0]!)).toEqual(['bedrock:InvokeModel']);
      const resources = JSON.stringify(bedrock[0]!.Resource);
      expect(resources).toContain(':inference-profile/eu.anthropic.claude-3-7-sonnet-20250219-v1:0');
      expect(resources).toContain('::foundation-model/anthropic.claude-3-7-sonnet-20250219-v1:0');
    }
    for (const id of ['ValidateUpload', 'NormalizeTranscript', 'PersistResults', 'Api', 'DeliverWebhooks']) {
      expect(
        [...functionPermissions(template, id).actions].some((a) => a.startsWith('bedrock:')),
        id,
      ).toBe(false);
    }
  });

  it('emails alarms and keeps artifacts for the configured retention', () => {
    template.hasResourceProperties('AWS::SNS::Subscription', { Protocol: 'email', Endpoint: 'oncall@example.org' });
    expect(JSON.stringify(template.findResources('AWS::S3::Bucket'))).toContain('"ExpirationInDays":90');
    template.hasResourceProperties('AWS::Lambda::Function', { Environment: { Variables: { RETENTION_DAYS: '90' } } });
  });
});
