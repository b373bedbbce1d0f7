/**
 * The clinician web app in AWS (lib/constructs/web-site.ts): a private bucket behind CloudFront with origin
 * access control and a strict response headers policy, the built app and config.json deployed into it, a
 * public Cognito client with the code grant only, and CORS on the user API for exactly the site's origin.
 * The app's files are the stand-in of tests/fixtures/web-dist (synth.ts).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { App } from 'aws-cdk-lib';
import { Match } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { AttuneStack } from '../../lib/attune-stack.js';
import { AttuneConfigError } from '../../lib/config.js';
import { ROUTES } from '../../schemas/routes.js';
import { WebConfigSchema } from '../../schemas/web-config.js';
import { cdkJsonContext, synthStack } from './synth.js';

type Resource = { Type: string; Properties: Record<string, any>; DependsOn?: string[] };

const CUSTOM_DOMAIN = {
  'attune:webDomainName': 'attune.clinic.example',
  'attune:webCertificateArn': 'arn:aws:acm:us-east-1:111122223333:certificate/1234abcd-12ab-34cd-56ef-1234567890ab',
};

const { app, template } = synthStack();
const resources = template.toJSON().Resources as Record<string, Resource>;
const ofType = (type: string, from = resources) => Object.entries(from).filter(([, r]) => r.Type === type);
const one = (type: string, from = resources): [string, Resource] => {
  const found = ofType(type, from);
  if (found.length !== 1) throw new Error(`expected one ${type}, found ${found.length}`);
  return found[0]!;
};
const [bucketId, bucket] = Object.entries(resources).find(([id, r]) => r.Type === 'AWS::S3::Bucket' && id.startsWith('WebSiteBucket'))!;
const [distributionId, distribution] = one('AWS::CloudFront::Distribution');
const userApiId = ofType('AWS::ApiGateway::RestApi').find(([id]) => id.startsWith('AttuneApi'))![0];

/** A CloudFormation value with each token written as a readable placeholder: `${Ref:X}`, `${GetAtt:X.Attr}`. */
function flatten(value: unknown): string {
  if (typeof value === 'string') return value;
  const v = value as Record<string, any>;
  if (v.Ref) return `\${Ref:${v.Ref}}`;
  if (v['Fn::GetAtt']) return `\${GetAtt:${v['Fn::GetAtt'].join('.')}}`;
  if (v['Fn::Join']) return (v['Fn::Join'][1] as unknown[]).map(flatten).join(v['Fn::Join'][0]);
  throw new Error(`cannot flatten ${JSON.stringify(value)}`);
}

function directives(csp: string): Record<string, string[]> {
  return Object.fromEntries(
    csp
      .split(';')
      .map((d) => d.trim().split(/\s+/))
      .map(([name, ...values]) => [name!, values]),
  );
}

/** The deployed config.json: the jsonData asset CDK staged, its deploy-time values as placeholders. */
function deployedConfig(fromApp: App, fromResources: Record<string, Resource>): Record<string, any> {
  const [, pages] = Object.entries(fromResources).find(([id, r]) => r.Type === 'Custom::CDKBucketDeployment' && id.startsWith('WebSitePages'))!;
  const keys = pages.Properties.SourceObjectKeys as string[];
  const markers = pages.Properties.SourceMarkers as Record<string, unknown>[];
  const index = markers.findIndex((m) => Object.keys(m).length > 0);
  let text = readFileSync(join(fromApp.outdir, `asset.${keys[index]!.replace(/\.zip$/, '')}`, 'config.json'), 'utf8');
  for (const [marker, value] of Object.entries(markers[index]!)) text = text.split(marker).join(flatten(value));
  return JSON.parse(text) as Record<string, any>;
}

describe('the web site bucket', () => {
  it('blocks public access, refuses plain HTTP and TLS below 1.2, is versioned, encrypted and logged to the access-log bucket', () => {
    expect(bucket.Properties).toMatchObject({
      PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true },
      BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }] },
      VersioningConfiguration: { Status: 'Enabled' },
      OwnershipControls: { Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }] },
      LoggingConfiguration: { DestinationBucketName: { Ref: expect.stringMatching(/^AttuneStorageAccessLogs/) }, LogFilePrefix: 'web/' },
    });
    template.hasResourceProperties('AWS::S3::BucketPolicy', {
      Bucket: { Ref: bucketId },
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Action: 's3:*', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
          Match.objectLike({ Effect: 'Deny', Action: 's3:*', Condition: { NumericLessThan: { 's3:TlsVersion': 1.2 } } }),
        ]),
      },
    });
  });

  it('lets CloudFront read it through origin access control, for this distribution only, and nobody else', () => {
    const [, policy] = ofType('AWS::S3::BucketPolicy').find(([, p]) => p.Properties.Bucket.Ref === bucketId)!;
    const allows = (policy.Properties.PolicyDocument.Statement as Record<string, any>[]).filter((s) => s.Effect === 'Allow');

    expect(allows).toEqual([
      expect.objectContaining({
        Principal: { Service: 'cloudfront.amazonaws.com' },
        Action: 's3:GetObject',
        Condition: { StringEquals: { 'AWS:SourceArn': expect.anything() } },
      }),
    ]);
    expect(JSON.stringify(allows[0]?.Condition)).toContain(distributionId);
    template.hasResourceProperties('AWS::CloudFront::OriginAccessControl', {
      OriginAccessControlConfig: { OriginAccessControlOriginType: 's3', SigningBehavior: 'always', SigningProtocol: 'sigv4' },
    });
    expect(distribution.Properties.DistributionConfig.Origins).toEqual([
      expect.objectContaining({
        DomainName: { 'Fn::GetAtt': [bucketId, 'RegionalDomainName'] },
        OriginAccessControlId: { 'Fn::GetAtt': [expect.stringMatching(/OriginAccessControl/), 'Id'] },
        S3OriginConfig: { OriginAccessIdentity: '' },
      }),
    ]);
  });
});

describe('the CloudFront distribution', () => {
  it('serves index.html at /, over HTTPS only (HTTP redirects), GET and HEAD, with the response headers policy', () => {
    expect(distribution.Properties.DistributionConfig).toMatchObject({
      DefaultRootObject: 'index.html',
      Enabled: true,
      DefaultCacheBehavior: {
        ViewerProtocolPolicy: 'redirect-to-https',
        AllowedMethods: ['GET', 'HEAD'],
        ResponseHeadersPolicyId: { Ref: one('AWS::CloudFront::ResponseHeadersPolicy')[0] },
      },
    });
  });

  it('sends a strict Content-Security-Policy (connect-src: itself, the API, the sign-in domain, the uploads bucket), HSTS, nosniff, frame DENY, no referrer', () => {
    const config = one('AWS::CloudFront::ResponseHeadersPolicy')[1].Properties.ResponseHeadersPolicyConfig;
    const csp = directives(flatten(config.SecurityHeadersConfig.ContentSecurityPolicy.ContentSecurityPolicy));

    expect(csp).toEqual({
      'default-src': ["'none'"],
      'script-src': ["'self'"],
      'style-src': ["'self'"],
      'img-src': ["'self'", 'data:'],
      'font-src': ["'self'", 'data:'],
      'connect-src': [
        "'self'",
        `https://\${Ref:${userApiId}}.execute-api.\${Ref:AWS::Region}.\${Ref:AWS::URLSuffix}`,
        expect.stringMatching(/^https:\/\/\$\{Ref:AttuneApiUserPoolDomain\w+\}\.auth\.\$\{Ref:AWS::Region\}\.amazoncognito\.com$/),
        expect.stringMatching(/^https:\/\/\$\{GetAtt:AttuneStorageUploads\w+\.RegionalDomainName\}$/),
      ],
      'base-uri': ["'none'"],
      'form-action': ["'none'"],
      'frame-ancestors': ["'none'"],
    });
    expect(config.SecurityHeadersConfig).toMatchObject({
      ContentSecurityPolicy: { Override: true },
      StrictTransportSecurity: { AccessControlMaxAgeSec: 63072000, IncludeSubdomains: true, Override: true },
      ContentTypeOptions: { Override: true },
      FrameOptions: { FrameOption: 'DENY', Override: true },
      ReferrerPolicy: { ReferrerPolicy: 'no-referrer', Override: true },
    });
    expect(config.CustomHeadersConfig.Items).toEqual(
      expect.arrayContaining([
        { Header: 'Cross-Origin-Opener-Policy', Value: 'same-origin', Override: true },
        expect.objectContaining({ Header: 'Permissions-Policy', Value: expect.stringContaining('microphone=()') }),
      ]),
    );
  });
});

describe('the deployment of the app', () => {
  const deployments = ofType('Custom::CDKBucketDeployment');
  const [, assets] = deployments.find(([id]) => id.startsWith('WebSiteAssets'))!;
  const [pagesId, pages] = deployments.find(([id]) => id.startsWith('WebSitePages'))!;

  it('copies the hashed assets for good and index.html uncached, assets first, then invalidates /, /index.html and /config.json', () => {
    expect(assets.Properties).toMatchObject({
      DestinationBucketName: { Ref: bucketId },
      DestinationBucketKeyPrefix: 'assets/',
      Prune: false,
      SystemMetadata: { 'cache-control': 'public, max-age=31536000, immutable' },
    });
    expect(pages.Properties).toMatchObject({
      DestinationBucketName: { Ref: bucketId },
      Prune: false,
      SystemMetadata: { 'cache-control': 'no-store' },
      DistributionId: { Ref: distributionId },
      DistributionPaths: ['/', '/index.html', '/config.json'],
    });
    expect(pages.Properties.DestinationBucketKeyPrefix).toBeUndefined();
    expect(JSON.stringify(template.toJSON().Resources[pagesId].DependsOn ?? [])).toMatch(/WebSiteAssets/);
  });

  it('writes config.json: the API base with its stage, Cognito sign-in with the web client and the site as redirect, 15 idle minutes', () => {
    const config = deployedConfig(app, resources);
    const clientId = ofType('AWS::Cognito::UserPoolClient').find(([id]) => id.includes('WebClient'))![0];

    expect(config).toEqual({
      apiBase: expect.stringMatching(
        new RegExp(
          `^https://\\$\\{Ref:${userApiId}\\}\\.execute-api\\.\\$\\{Ref:AWS::Region\\}\\.\\$\\{Ref:AWS::URLSuffix\\}/\\$\\{Ref:AttuneApiDeploymentStagev1\\w+\\}$`,
        ),
      ),
      auth: {
        mode: 'cognito',
        domain: expect.stringMatching(/^https:\/\/\$\{Ref:AttuneApiUserPoolDomain\w+\}\.auth\.\$\{Ref:AWS::Region\}\.amazoncognito\.com$/),
        clientId: `\${Ref:${clientId}}`,
        redirectUri: `https://\${GetAtt:${distributionId}.DomainName}/`,
        scopes: ['openid', 'email'],
      },
      idleMinutes: 15,
    });
    // With the tokens as real values, it is what the app accepts.
    const real = JSON.parse(
      JSON.stringify(config)
        .replace(/\$\{[^}]+\}/g, 'x1')
        .replace(/https:\/\/x1\.auth/, 'https://attune.auth'),
    );
    expect(WebConfigSchema.safeParse(real).success).toBe(true);
  });

  it("lets CDK's deploy-time copy function read the CDK asset bucket, write the site bucket and invalidate CloudFront, nothing else", () => {
    const [, policy] = ofType('AWS::IAM::Policy').find(([id]) => id.startsWith('CustomCDKBucketDeployment'))!;
    const statements = (policy.Properties.PolicyDocument.Statement as Record<string, any>[]).map((st) => ({
      actions: [st.Action].flat().sort(),
      resources: [st.Resource].flat().map((r) => (typeof r === 'string' ? r : JSON.stringify(r))),
    }));

    expect(statements).toHaveLength(3);
    expect(statements[0]!.resources.every((r) => r.includes('cdk-hnb659fds-assets-'))).toBe(true);
    expect(statements[0]!.actions.some((a) => /Put|Delete/.test(a))).toBe(false);
    expect(statements[1]!.resources.every((r) => r.includes(bucketId))).toBe(true);
    expect(statements[2]).toEqual({ actions: ['cloudfront:CreateInvalidation', 'cloudfront:GetInvalidation'], resources: ['*'] });
  });

  it('takes the idle minutes from attune:webIdleMinutes', () => {
    const custom = synthStack({ context: { 'attune:webIdleMinutes': '30' } });

    expect(deployedConfig(custom.app, custom.template.toJSON().Resources as Record<string, Resource>).idleMinutes).toBe(30);
  });

  it('fails the synth with what to run when the app is not built', () => {
    const context = { ...cdkJsonContext, 'aws:cdk:bundling-stacks': [], 'attune:webDistDir': join(import.meta.dirname, 'no-such-build') };

    const attempt = () => new AttuneStack(new App({ context }), 'Attune');

    expect(attempt).toThrow(AttuneConfigError);
    expect(attempt).toThrow(/web app is not built: .*index\.html is missing\. Run `npm run build`.*attune:webSite=false/);
  });
});

describe('signing in to the app', () => {
  const [, client] = ofType('AWS::Cognito::UserPoolClient').find(([id]) => id.includes('WebClient'))!;

  it('is a public client (no secret) with the authorization-code grant only (PKCE), openid and email, back to the site', () => {
    expect(client.Properties).toMatchObject({
      ClientName: 'attune-web',
      GenerateSecret: false,
      AllowedOAuthFlows: ['code'],
      AllowedOAuthFlowsUserPoolClient: true,
      AllowedOAuthScopes: ['openid', 'email'],
      SupportedIdentityProviders: ['COGNITO'],
      PreventUserExistenceErrors: 'ENABLED',
      EnableTokenRevocation: true,
      IdTokenValidity: 60,
      RefreshTokenValidity: 720,
    });
    expect(client.Properties.AllowedOAuthFlows).not.toContain('implicit');
    expect(client.Properties.AllowedOAuthFlows).not.toContain('client_credentials');
    expect(client.Properties.ExplicitAuthFlows).toEqual(['ALLOW_REFRESH_TOKEN_AUTH']);
    expect(client.Properties.CallbackURLs.map(flatten)).toEqual([`https://\${GetAtt:${distributionId}.DomainName}/`]);
    expect(client.Properties.LogoutURLs.map(flatten)).toEqual([`https://\${GetAtt:${distributionId}.DomainName}/`]);
  });

  it("adds the pool's domain (prefix from attune:webDomainPrefix) and keeps MFA required", () => {
    const custom = synthStack({ context: { 'attune:webDomainPrefix': 'clinic-a-attune' } }).template;

    custom.resourceCountIs('AWS::Cognito::UserPoolDomain', 1);
    custom.hasResourceProperties('AWS::Cognito::UserPoolDomain', { Domain: 'clinic-a-attune' });
    template.hasResourceProperties('AWS::Cognito::UserPool', { MfaConfiguration: 'ON' });
  });

  it("reuses partner access's domain: a pool has one", () => {
    const partners = [{ name: 'ehr-vendor', tenant: 'clinic-a', scopes: ['notes.read'] }];
    const custom = synthStack({ context: { 'attune:partners': partners, 'attune:partnerDomainPrefix': 'clinic-attune' } }).template;

    custom.resourceCountIs('AWS::Cognito::UserPoolDomain', 1);
    custom.hasResourceProperties('AWS::Cognito::UserPoolDomain', { Domain: 'clinic-attune' });
  });
});

describe('CORS for the site', () => {
  const methods = ofType('AWS::ApiGateway::Method');
  const userMethods = methods.filter(([, m]) => m.Properties.RestApiId.Ref === userApiId);

  it('answers a preflight on every resource of the user API for exactly the site origin, with Authorization, Content-Type and Idempotency-Key', () => {
    const resourcesWithMethods = new Set(
      userMethods.filter(([, m]) => m.Properties.HttpMethod !== 'OPTIONS').map(([, m]) => JSON.stringify(m.Properties.ResourceId)),
    );
    const preflights = userMethods.filter(([, m]) => m.Properties.HttpMethod === 'OPTIONS');

    expect(new Set(ROUTES.map((r) => r.path)).size).toBe(resourcesWithMethods.size);
    expect(new Set(preflights.map(([, m]) => JSON.stringify(m.Properties.ResourceId)))).toEqual(resourcesWithMethods);
    for (const [, preflight] of preflights) {
      const answer = preflight.Properties.Integration.IntegrationResponses[0].ResponseParameters;
      expect(preflight.Properties.Integration.Type).toBe('MOCK');
      expect(answer['method.response.header.Access-Control-Allow-Origin']).toEqual({
        'Fn::Join': ['', ["'https://", { 'Fn::GetAtt': [distributionId, 'DomainName'] }, "'"]],
      });
      expect(answer['method.response.header.Access-Control-Allow-Headers']).toBe("'Authorization,Content-Type,Idempotency-Key'");
      expect(answer['method.response.header.Access-Control-Allow-Methods']).toBe("'GET,POST,PUT,DELETE'");
    }
  });

  it("puts the site origin on API Gateway's own error answers (4XX, 5XX, 401, 429)", () => {
    const responses = ofType('AWS::ApiGateway::GatewayResponse').filter(([, r]) => r.Properties.RestApiId.Ref === userApiId);

    expect(responses.map(([, r]) => r.Properties.ResponseType)).toEqual(expect.arrayContaining(['DEFAULT_4XX', 'DEFAULT_5XX', 'UNAUTHORIZED', 'THROTTLED']));
    for (const [, response] of responses) {
      expect(flatten(response.Properties.ResponseParameters['gatewayresponse.header.Access-Control-Allow-Origin'])).toBe(
        `'https://\${GetAtt:${distributionId}.DomainName}'`,
      );
    }
  });

  it('tells the api function the site origin (WEB_ORIGIN), and no other function', () => {
    const functions = ofType('AWS::Lambda::Function').filter(([, f]) => f.Properties.Environment?.Variables?.WEB_ORIGIN !== undefined);

    expect(functions.map(([id]) => id)).toEqual([expect.stringMatching(/^AttuneFunctionsApi/)]);
    expect(flatten(functions[0]![1].Properties.Environment.Variables.WEB_ORIGIN)).toBe(`https://\${GetAtt:${distributionId}.DomainName}`);
  });

  it("lets the app PUT recordings to the uploads bucket's presigned URLs, and nothing else", () => {
    const [, uploads] = Object.entries(resources).find(([id, r]) => r.Type === 'AWS::S3::Bucket' && id.startsWith('AttuneStorageUploads'))!;

    expect(uploads.Properties.CorsConfiguration.CorsRules).toEqual([
      expect.objectContaining({
        AllowedMethods: ['PUT'],
        AllowedOrigins: ['https://*.cloudfront.net'],
        AllowedHeaders: expect.arrayContaining(['content-type', 'x-amz-server-side-encryption', 'x-amz-meta-*']),
      }),
    ]);
  });
});

describe('with its own name (attune:webDomainName and attune:webCertificateArn)', () => {
  const named = synthStack({ context: CUSTOM_DOMAIN }).template.toJSON().Resources as Record<string, Resource>;

  it('answers on that name with TLS 1.2 or later only, and uses it as the origin everywhere', () => {
    const [, dist] = one('AWS::CloudFront::Distribution', named);
    const [, client] = ofType('AWS::Cognito::UserPoolClient', named).find(([id]) => id.includes('WebClient'))!;
    const [, api] = ofType('AWS::Lambda::Function', named).find(([id]) => id.startsWith('AttuneFunctionsApi'))!;
    const [, uploads] = Object.entries(named).find(([id, r]) => r.Type === 'AWS::S3::Bucket' && id.startsWith('AttuneStorageUploads'))!;

    expect(dist.Properties.DistributionConfig).toMatchObject({
      Aliases: ['attune.clinic.example'],
      ViewerCertificate: { AcmCertificateArn: CUSTOM_DOMAIN['attune:webCertificateArn'], MinimumProtocolVersion: 'TLSv1.2_2021', SslSupportMethod: 'sni-only' },
    });
    expect(client.Properties.CallbackURLs).toEqual(['https://attune.clinic.example/']);
    expect(api.Properties.Environment.Variables.WEB_ORIGIN).toBe('https://attune.clinic.example');
    expect(uploads.Properties.CorsConfiguration.CorsRules[0].AllowedOrigins).toEqual(['https://attune.clinic.example']);
  });

  it('refuses one without the other', () => {
    const context = { ...cdkJsonContext, 'aws:cdk:bundling-stacks': [], 'attune:webDomainName': 'attune.clinic.example' };

    expect(() => new AttuneStack(new App({ context }), 'Attune')).toThrow(/attune:webDomainName' and .*attune:webCertificateArn' go together/);
  });
});

describe('attune:webSite false', () => {
  it('deploys no site, no web client, no preflight and no CORS origin', () => {
    const off = synthStack({ context: { 'attune:webSite': 'false' } }).template;
    const json = JSON.stringify(off.toJSON());

    off.resourceCountIs('AWS::CloudFront::Distribution', 0);
    off.resourceCountIs('Custom::CDKBucketDeployment', 0);
    off.resourceCountIs('AWS::Cognito::UserPoolDomain', 0);
    off.resourceCountIs('AWS::Cognito::UserPoolClient', 1);
    off.resourcePropertiesCountIs('AWS::ApiGateway::Method', { HttpMethod: 'OPTIONS' }, 0);
    expect(json).not.toContain('WEB_ORIGIN');
    expect(json).not.toContain('Access-Control-Allow-Origin');
  });
});
