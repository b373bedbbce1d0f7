/**
 * Partner access in AWS (issue 15): `attune:partners` in cdk.json makes a Cognito resource server with a
 * scope per route family, one client-credentials app client per partner with exactly its scopes, the
 * partner API (each method asks for its operation's scope and an API key), an API key and usage plan per
 * partner with its throttling and quota, and the stage variables that bind each app client to its tenant.
 * cdk-nag passes with partners configured.
 */
import { App } from 'aws-cdk-lib';
import { Match } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { AttuneStack } from '../../lib/attune-stack.js';
import { AttuneConfigError, configFromProps, parseConfig } from '../../lib/config.js';
import { addNagPacks } from '../../lib/nag-packs.js';
import { ROUTES } from '../../schemas/routes.js';
import { requiredScope, SCOPES, scopeClaim } from '../../schemas/scopes.js';
import { cdkJsonContext, synthStack, type Json } from './synth.js';

const PARTNERS = [
  { name: 'ehr-vendor', tenant: 'clinic-a', scopes: ['notes.read', 'sessions.write'] },
  { name: 'billing-co', tenant: 'clinic-b', scopes: ['sessions.read'], throttle: { rateLimit: 2, burstLimit: 4 }, quota: { limit: 500, period: 'MONTH' } },
];

const { stack, template } = synthStack({ context: { 'attune:partners': PARTNERS, 'attune:partnerDomainPrefix': 'clinic-attune' } });
const resources = (type: string) => Object.entries(template.findResources(type)) as [string, { Properties: Json }][];

describe('the partners of attune:partners', () => {
  it('adds a resource server "attune" with one scope per route family', () => {
    const [[, server]] = resources('AWS::Cognito::UserPoolResourceServer') as [[string, { Properties: Json }]];
    expect(server.Properties.Identifier).toBe('attune');
    expect((server.Properties.Scopes as { ScopeName: string }[]).map((s) => s.ScopeName).sort()).toEqual([...SCOPES].sort());
  });

  it('makes one client-credentials app client per partner, with a secret, exactly its scopes and no user sign-in flow', () => {
    const clients = resources('AWS::Cognito::UserPoolClient').filter(([, c]) => String(c.Properties.ClientName).startsWith('attune-partner-'));
    expect(clients.map(([, c]) => c.Properties.ClientName).sort()).toEqual(['attune-partner-billing-co', 'attune-partner-ehr-vendor']);
    for (const partner of PARTNERS) {
      const [, client] = clients.find(([, c]) => c.Properties.ClientName === `attune-partner-${partner.name}`)!;
      expect(client.Properties).toMatchObject({ GenerateSecret: true, AllowedOAuthFlows: ['client_credentials'], AllowedOAuthFlowsUserPoolClient: true });
      expect(client.Properties.ExplicitAuthFlows).toEqual(['ALLOW_REFRESH_TOKEN_AUTH']);
      const scopes = stack.resolve(client.Properties.AllowedOAuthScopes) as unknown[];
      expect(JSON.stringify(scopes)).not.toMatch(/openid|profile|email|phone|aws\.cognito/);
      expect(scopes.map((s) => JSON.stringify(s).match(/\/([a-z.]+)"/)?.[1]).sort()).toEqual([...partner.scopes].sort());
    }
  });

  it("creates the pool's domain for the token endpoint, with the configured prefix", () => {
    template.hasResourceProperties('AWS::Cognito::UserPoolDomain', { Domain: 'clinic-attune' });
    template.hasOutput('PartnerTokenUrl', Match.anyValue());
  });

  it("puts every route on the partner API behind its operation's scope and an API key", () => {
    const partnerApi = stack.resolve(stack.partnerAccess!.api.restApiId) as Json;
    const methods = resources('AWS::ApiGateway::Method').filter(([, m]) => JSON.stringify(m.Properties.RestApiId) === JSON.stringify(partnerApi));
    expect(methods).toHaveLength(ROUTES.length);
    for (const route of ROUTES) {
      const [, method] = methods.find(([, m]) => m.Properties.OperationName === route.operationId)!;
      const scope = requiredScope(route.operationId);
      if (!scope) expect(method.Properties.AuthorizationType).toBe('NONE');
      else
        expect(method.Properties, route.operationId).toMatchObject({
          AuthorizationType: 'COGNITO_USER_POOLS',
          AuthorizationScopes: [scopeClaim(scope)],
          ApiKeyRequired: true,
        });
    }
  });

  it("leaves the user API's methods as they were: ID tokens, no scopes, no API key", () => {
    const userApi = stack.resolve(stack.pipeline.api.api.restApiId) as Json;
    // The OPTIONS methods are the web site's CORS preflights (web-site.test.ts).
    const methods = resources('AWS::ApiGateway::Method').filter(
      ([, m]) => JSON.stringify(m.Properties.RestApiId) === JSON.stringify(userApi) && m.Properties.HttpMethod !== 'OPTIONS',
    );
    expect(methods).toHaveLength(ROUTES.length);
    for (const [, method] of methods) {
      expect(method.Properties.AuthorizationScopes).toBeUndefined();
      expect(method.Properties.ApiKeyRequired).toBeUndefined();
    }
  });

  it('gives each partner an API key and its own usage plan: its throttling and quota, or the defaults', () => {
    template.resourceCountIs('AWS::ApiGateway::ApiKey', 2);
    template.resourceCountIs('AWS::ApiGateway::UsagePlanKey', 2);
    template.hasResourceProperties('AWS::ApiGateway::UsagePlan', {
      UsagePlanName: 'attune-partner-ehr-vendor',
      Throttle: { RateLimit: 10, BurstLimit: 20 },
      Quota: { Limit: 100000, Period: 'DAY' },
    });
    template.hasResourceProperties('AWS::ApiGateway::UsagePlan', {
      UsagePlanName: 'attune-partner-billing-co',
      Throttle: { RateLimit: 2, BurstLimit: 4 },
      Quota: { Limit: 500, Period: 'MONTH' },
    });
  });

  it("binds each app client to its partner's tenant and API key in the partner stage's variables", () => {
    const access = stack.partnerAccess!;
    const stage = resources('AWS::ApiGateway::Stage').find(
      ([, s]) => JSON.stringify(s.Properties.RestApiId) === JSON.stringify(stack.resolve(access.api.restApiId)),
    )!;
    const variables = stack.resolve(stage[1].Properties.Variables) as Record<string, unknown>;
    expect(Object.keys(variables).sort()).toEqual(['partner0', 'partner1']);
    const [ehr, billing] = access.partners;
    expect(variables.partner0).toEqual(stack.resolve(`${ehr!.client.userPoolClientId},ehr-vendor,clinic-a,${ehr!.apiKey.keyId}`));
    expect(variables.partner1).toEqual(stack.resolve(`${billing!.client.userPoolClientId},billing-co,clinic-b,${billing!.apiKey.keyId}`));
  });

  it('creates none of it without partners', () => {
    const plain = synthStack().template;
    plain.resourceCountIs('AWS::Cognito::UserPoolResourceServer', 0);
    plain.resourceCountIs('AWS::ApiGateway::UsagePlan', 0);
    plain.resourceCountIs('AWS::ApiGateway::RestApi', 1);
  });
});

describe('attune:partners validation', () => {
  const parse = (partners: unknown) => parseConfig({ partners } as never, (name) => `cdk.json context 'attune:${name}'`);

  it('accepts the JSON text `-c` gives, and fills in throttling and quota', () => {
    const config = parse(JSON.stringify([{ name: 'ehr-vendor', tenant: 'clinic-a', scopes: ['erase'] }]));
    expect(config.partners).toEqual([
      { name: 'ehr-vendor', tenant: 'clinic-a', scopes: ['erase'], throttle: { rateLimit: 10, burstLimit: 20 }, quota: { limit: 100000, period: 'DAY' } },
    ]);
    expect(configFromProps({}).partners).toBeUndefined();
  });

  it('refuses an unknown scope, a bad name or tenant, no scope, and two partners of one name, naming where', () => {
    const cases: [unknown, RegExp][] = [
      [[{ name: 'ehr', tenant: 't', scopes: ['notes.delete'] }], /attune:partners'\[0\]\.scopes\[0\]/],
      [[{ name: 'EHR Vendor', tenant: 't', scopes: ['erase'] }], /\[0\]\.name/],
      [[{ name: 'ehr', tenant: '../t', scopes: ['erase'] }], /\[0\]\.tenant/],
      [[{ name: 'ehr', tenant: 't', scopes: [] }], /at least one scope/],
      [
        [
          { name: 'ehr', tenant: 't', scopes: ['erase'] },
          { name: 'ehr', tenant: 'u', scopes: ['erase'] },
        ],
        /same name/,
      ],
      ['[{', /is not JSON/],
    ];
    for (const [value, message] of cases) {
      expect(() => parse(value), JSON.stringify(value)).toThrow(AttuneConfigError);
      expect(() => parse(value), JSON.stringify(value)).toThrow(message);
    }
  });
});

describe('cdk-nag with partners', () => {
  it('finds nothing unacknowledged, and the synth succeeds', () => {
    const app = new App({
      context: { ...cdkJsonContext, 'aws:cdk:bundling-stacks': [], '@aws-cdk/core:appMode': 'inmemory', 'attune:partners': PARTNERS },
      builtinCloudFormationValidation: false,
    });
    const packs = addNagPacks(app);
    new AttuneStack(app, 'Attune');
    expect(() => app.synth()).not.toThrow();
    const findings = packs.flatMap((pack) =>
      pack.validateScope(app).violations.flatMap((v) => v.violatingResources.map((r) => `${v.ruleName} at ${r.constructPath}`)),
    );
    expect(findings).toEqual([]);
  });
});
