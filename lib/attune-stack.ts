import { resolve as resolvePath } from 'node:path';
import { CfnOutput, Stack, type StackProps } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import { Certificate } from 'aws-cdk-lib/aws-certificatemanager';
import { acknowledgeNagFindings, acknowledgePartnerAccessFindings, acknowledgeWebSiteFindings, type NagAcknowledgement } from './compliance.js';
import { configFromContext } from './config.js';
import { AttunePartnerAccess } from './constructs/partner-access.js';
import { AttunePipeline, type AttunePipelineProps } from './constructs/pipeline.js';
import { AttuneWebSite } from './constructs/web-site.js';
import { UPLOAD_KEY_LAYOUT } from '../schemas/storage-layout.js';

export interface AttuneStackProps extends StackProps {
  /**
   * Props for the pipeline beyond the cdk.json context (`attune:*` keys), which this stack reads and
   * validates. A prop given here wins over the context.
   * @default the context alone
   */
  readonly pipeline?: AttunePipelineProps;
}

/** Attune deployed on its own: the pipeline configured from cdk.json context, with the outputs a user needs. */
export class AttuneStack extends Stack {
  readonly pipeline: AttunePipeline;
  /** The cdk-nag findings accepted, each with its reason (lib/compliance.ts, listed in COMPLIANCE.md). */
  readonly nagAcknowledgements: NagAcknowledgement[];
  /** Partner access (app clients, the partner API, usage plans), when `attune:partners` names any (docs/partners.md). */
  readonly partnerAccess?: AttunePartnerAccess;
  /** The clinician web app (CloudFront, S3, the Cognito web client), unless `attune:webSite` is false (docs/web.md). */
  readonly webSite?: AttuneWebSite;

  constructor(scope: Construct, id: string, props: AttuneStackProps = {}) {
    super(scope, id, { description: 'Attune: recorded therapy sessions to progress notes and alliance scores', ...props });
    const config = configFromContext(this.node);
    this.pipeline = new AttunePipeline(this, 'Attune', { ...config, ...props.pipeline });
    this.nagAcknowledgements = acknowledgeNagFindings(this.pipeline);

    const { storage, api, workflow, eventBus, observability } = this.pipeline;
    const output = (id: string, value: string, description: string) => new CfnOutput(this, id, { value, description });
    output('UploadsBucketName', storage.uploadsBucket.bucketName, `Upload to ${UPLOAD_KEY_LAYOUT} with the consent metadata`);
    output('ApiUrl', api.api.url, 'The partner API (Cognito ID token in the Authorization header)');
    output('UserPoolId', api.userPool.userPoolId, 'Create users here with their custom:tenant attribute');
    if (api.userPoolClient) output('UserPoolClientId', api.userPoolClient.userPoolClientId, 'The app client for sign-in');
    output('StateMachineArn', workflow.stateMachine.stateMachineArn, 'The session workflow');
    output('EventBusName', eventBus.eventBusName, 'attune.session.completed / attune.session.failed are put here');
    output('AlarmTopicArn', observability.alarmTopic.topicArn, 'Subscribe to receive alarms');

    if (config.partners && config.partners.length > 0) {
      const partnerAccess = new AttunePartnerAccess(this.pipeline, 'PartnerAccess', {
        handler: this.pipeline.functions.api,
        userPool: api.userPool,
        partners: config.partners,
        ...(config.partnerDomainPrefix ? { domainPrefix: config.partnerDomainPrefix } : {}),
        logEncryptionKey: storage.key,
        ...(props.pipeline?.removalPolicy ? { removalPolicy: props.pipeline.removalPolicy } : {}),
        dependsOn: api.api,
      });
      this.partnerAccess = partnerAccess;
      this.nagAcknowledgements.push(...acknowledgePartnerAccessFindings(partnerAccess));
      output('PartnerApiUrl', partnerAccess.api.url, 'The partner API (client-credentials access token and the partner API key)');
      if (partnerAccess.tokenUrl) output('PartnerTokenUrl', partnerAccess.tokenUrl, 'POST grant_type=client_credentials here for an access token');
      for (const { partner, client, apiKey } of partnerAccess.partners) {
        const id = partner.name.replace(/(^|-)([a-z0-9])/g, (_, _dash: string, c: string) => c.toUpperCase());
        output(
          `Partner${id}ClientId`,
          client.userPoolClientId,
          `The app client of partner ${partner.name} (its secret: aws cognito-idp describe-user-pool-client)`,
        );
        output(`Partner${id}ApiKeyId`, apiKey.keyId, `The API key id of partner ${partner.name} (its value: aws apigateway get-api-key --include-value)`);
      }
    }

    if (config.webSite) {
      const webSite = new AttuneWebSite(this, 'WebSite', {
        api: api.api,
        apiFunction: this.pipeline.functions.api,
        userPool: api.userPool,
        storage,
        // A pool has one prefix domain: the partners' when they have one.
        ...(this.partnerAccess?.domain ? { domain: this.partnerAccess.domain } : {}),
        ...(config.webDomainPrefix ? { domainPrefix: config.webDomainPrefix } : {}),
        idleMinutes: config.webIdleMinutes,
        ...(config.webDomainName && config.webCertificateArn
          ? { domainName: config.webDomainName, certificate: Certificate.fromCertificateArn(this, 'WebCertificate', config.webCertificateArn) }
          : {}),
        ...(config.webDistDir ? { distDir: resolvePath(config.webDistDir) } : {}),
        ...(props.pipeline?.removalPolicy ? { removalPolicy: props.pipeline.removalPolicy } : {}),
      });
      this.webSite = webSite;
      this.nagAcknowledgements.push(...acknowledgeWebSiteFindings(webSite));
      output('WebAppUrl', webSite.url, 'The clinician web app: open it and sign in with a user of the pool (docs/web.md)');
      output('WebAppClientId', webSite.client.userPoolClientId, "The web app's Cognito app client (authorization code with PKCE)");
      output('SignInDomain', webSite.domain.baseUrl(), 'The hosted sign-in page the web app sends people to');
    }
  }
}
