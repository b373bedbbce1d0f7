import { describe, expect, it } from 'vitest';
import { planFromTemplate, TemplateResolutionError, type CfnTemplate } from '../../../local/runtime/template.js';
import { matchesPattern } from '../../../local/stand-ins/upload-rule.js';

const path = (p: string) => ({ 'aws:cdk:path': p });

/** The shape of the synthesized stack, cut down to what the plan reads. */
function template(definitionParts: unknown[]): CfnTemplate {
  return {
    Resources: {
      Uploads1: { Type: 'AWS::S3::Bucket', Metadata: path('Attune/Attune/Storage/Uploads/Resource') },
      Artifacts1: { Type: 'AWS::S3::Bucket', Metadata: path('Attune/Attune/Storage/Artifacts/Resource') },
      Table1: {
        Type: 'AWS::DynamoDB::Table',
        Metadata: path('Attune/Attune/Storage/Sessions/Resource'),
        Properties: { KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }], AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }] },
      },
      Bus1: { Type: 'AWS::Events::EventBus', Metadata: path('Attune/Attune/Events/Resource') },
      Fn1: {
        Type: 'AWS::Lambda::Function',
        Metadata: path('Attune/Attune/Functions/ValidateUpload/Resource'),
        Properties: {
          Environment: { Variables: { UPLOADS_BUCKET: { Ref: 'Uploads1' }, ARTIFACTS_BUCKET: { Ref: 'Artifacts1' }, TABLE_NAME: { Ref: 'Table1' } } },
        },
      },
      Rule1: {
        Type: 'AWS::Events::Rule',
        Properties: { EventPattern: { source: ['aws.s3'], detail: { bucket: { name: [{ Ref: 'Uploads1' }] }, object: { key: [{ prefix: 'uploads/' }] } } } },
      },
      Machine1: {
        Type: 'AWS::StepFunctions::StateMachine',
        Metadata: path('Attune/Attune/Workflow/StateMachine/Resource'),
        Properties: { DefinitionString: { 'Fn::Join': ['', definitionParts] } },
      },
    },
  } as unknown as CfnTemplate;
}

describe('planFromTemplate', () => {
  it('refuses a definition AWS would refuse when the plan is made, so a run never meets it', () => {
    // Act
    const make = () => planFromTemplate(template(['{"StartAt":"V","States":{"V":{"Type":"Pass","Next":"Nowhere"}}}']));

    // Assess
    expect(make).toThrow(/Nowhere/);
  });

  it('resolves the definition’s tokens to local names and ARNs, without touching the states', () => {
    // Act
    const plan = planFromTemplate(
      template([
        '{"StartAt":"V","States":{"V":{"Type":"Task","Resource":"',
        { 'Fn::GetAtt': ['Fn1', 'Arn'] },
        '","Parameters":{"bus":"',
        { 'Fn::GetAtt': ['Bus1', 'Arn'] },
        '","p":"',
        { Ref: 'AWS::Partition' },
        '"},"End":true}}}',
      ]),
    );

    // Assess
    expect(plan.definition).toEqual({
      StartAt: 'V',
      States: {
        V: {
          Type: 'Task',
          Resource: 'arn:aws:lambda:us-east-1:000000000000:function:Fn1',
          Parameters: { bus: 'arn:aws:events:us-east-1:000000000000:event-bus/attune-events', p: 'aws' },
          End: true,
        },
      },
    });
    expect(plan.functions['arn:aws:lambda:us-east-1:000000000000:function:Fn1']).toMatchObject({
      name: 'ValidateUpload',
      environment: { UPLOADS_BUCKET: 'attune-uploads', ARTIFACTS_BUCKET: 'attune-artifacts', TABLE_NAME: 'attune-sessions' },
    });
    expect(plan.names).toEqual({ uploadsBucket: 'attune-uploads', artifactsBucket: 'attune-artifacts', eventBus: 'attune-events' });
    expect(plan.table.name).toBe('attune-sessions');
  });

  it('refuses a token it cannot resolve rather than run a definition with a hole in it', () => {
    expect(() => planFromTemplate(template(['{"x":"', { 'Fn::ImportValue': 'elsewhere' }, '"}']))).toThrow(TemplateResolutionError);
  });
});

describe('the upload rule', () => {
  const pattern = { source: ['aws.s3'], 'detail-type': ['Object Created'], detail: { bucket: { name: ['up'] }, object: { key: [{ prefix: 'uploads/' }] } } };
  const event = (bucket: string, key: string) => ({ source: 'aws.s3', 'detail-type': 'Object Created', detail: { bucket: { name: bucket }, object: { key } } });

  it('matches an object created under uploads/ of the uploads bucket, and nothing else', () => {
    expect(matchesPattern(pattern, event('up', 'uploads/t/c/s.wav'))).toBe(true);
    expect(matchesPattern(pattern, event('up', 'other/t/c/s.wav'))).toBe(false);
    expect(matchesPattern(pattern, event('down', 'uploads/t/c/s.wav'))).toBe(false);
  });

  it('refuses a pattern operator it does not implement', () => {
    expect(() => matchesPattern({ detail: { object: { key: [{ suffix: '.wav' }] } } }, event('up', 'uploads/a.wav'))).toThrow(/suffix/);
  });
});
