/**
 * Machine-to-machine access for partners (an EHR vendor's server): OAuth2 client credentials from the
 * user pool, and a partner API in front of the same api Lambda (docs/partners.md).
 *
 * - A Cognito resource server (`attune`) with one scope per route family (schemas/scopes.ts), and one app
 *   client per configured partner: client-credentials flow only, a secret, no user sign-in flow, and only
 *   the partner's scopes. Tokens come from the pool's domain (`https://<prefix>.auth.<region>.amazoncognito.com/oauth2/token`).
 * - The partner API: a second REST API with the route table's resources, each method behind a Cognito
 *   authorizer that asks for the operation's scope (so it takes access tokens; the user API's methods take
 *   ID tokens, which is why the two cannot share methods) and an API key.
 * - Per partner, an API key and a usage plan with its own throttling and quota: one partner's burst does not
 *   take another's capacity.
 * - The tenant is bound to the app client: the partner API's stage carries one variable per partner
 *   (`partner<N>` = `<app client id>,<name>,<tenant>,<API key id>`), which API Gateway hands the handler
 *   with every request; the handler takes the tenant from the binding of the token's `client_id`, never
 *   from the request (lambdas/api/principal.ts), and refuses a partner's token sent with another's key.
 */
import { Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import {
  AccessLogField,
  ApiKey,
  AuthorizationType,
  CognitoUserPoolsAuthorizer,
  LambdaIntegration,
  Period,
  ResponseType,
  type RestApi,
  type IApiKey,
  type MethodOptions,
  type UsagePlan,
} from 'aws-cdk-lib/aws-apigateway';
import {
  OAuthScope,
  ResourceServerScope,
  type IUserPool,
  type UserPoolClient,
  type UserPoolDomain,
  type UserPoolResourceServer,
} from 'aws-cdk-lib/aws-cognito';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import type { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct, type IDependable } from 'constructs';
import { ROUTES, type Route } from '../../schemas/routes.js';
import { RESOURCE_SERVER_ID, requiredScope, SCOPE_DESCRIPTIONS, SCOPES, scopeClaim, type Scope } from '../../schemas/scopes.js';
import { MAX_PARTNERS, PARTNER_DEFAULTS, PARTNER_NAME, type Partner } from '../config.js';
import { addProblemResponses, loggedRestApi, resourceFor } from './api.js';

/** The stage variable that binds the `index`th partner: `partner0`, `partner1`, … (read by lambdas/api/principal.ts). */
export const partnerStageVariable = (index: number): string => `partner${index}`;

export interface PartnerAccessPartner {
  readonly name: string;
  readonly tenant: string;
  readonly scopes: readonly Scope[];
  /** @default PARTNER_DEFAULTS.throttle (10 requests a second, 20 at once) */
  readonly throttle?: { readonly rateLimit: number; readonly burstLimit: number };
  /** @default PARTNER_DEFAULTS.quota (100,000 requests a day) */
  readonly quota?: { readonly limit: number; readonly period: 'DAY' | 'WEEK' | 'MONTH' };
}

export interface AttunePartnerAccessProps {
  /** The function that serves every route (the user API's). */
  readonly handler: IFunction;
  /** The pool the partners' app clients and the resource server are added to. */
  readonly userPool: IUserPool;
  /** The partners: one app client, API key and usage plan each. At least one. */
  readonly partners: readonly (Partner | PartnerAccessPartner)[];
  /**
   * The prefix of the pool's Cognito domain, where partners get tokens. It must be unique in the Region.
   * @default `attune-<account id>`
   */
  readonly domainPrefix?: string;
  /**
   * Create the pool's domain. Set false when the pool already has one (a pool has one prefix domain):
   * partners then get tokens from that domain.
   * @default true
   */
  readonly createDomain?: boolean;
  /** @default RetentionDays.ONE_YEAR (access logs are an audit trail) */
  readonly accessLogRetention?: RetentionDays;
  /** The KMS key that encrypts the access logs (its policy must let CloudWatch Logs use it). @default CloudWatch Logs' own encryption */
  readonly logEncryptionKey?: IKey;
  /** For the access logs. @default RemovalPolicy.RETAIN */
  readonly removalPolicy?: RemovalPolicy;
  /**
   * What the partner API's stage waits for: the account's API Gateway CloudWatch role (the user API creates
   * it), without which a stage with execution logging cannot be created.
   * @default nothing
   */
  readonly dependsOn?: IDependable;
}

export interface PartnerResources {
  readonly partner: PartnerAccessPartner;
  readonly client: UserPoolClient;
  readonly apiKey: IApiKey;
  readonly usagePlan: UsagePlan;
}

const PERIODS = { DAY: Period.DAY, WEEK: Period.WEEK, MONTH: Period.MONTH } as const;

const pascal = (name: string): string =>
  name
    .split('-')
    .filter((part) => part.length > 0)
    .map((part) => `${part[0]!.toUpperCase()}${part.slice(1)}`)
    .join('');

export class AttunePartnerAccess extends Construct {
  readonly resourceServer: UserPoolResourceServer;
  readonly domain?: UserPoolDomain;
  /** The partner API: the route table behind scopes and API keys. */
  readonly api: RestApi;
  readonly accessLogs: LogGroup;
  /** Each partner's app client, API key and usage plan, in configuration order. */
  readonly partners: readonly PartnerResources[];

  constructor(scope: Construct, id: string, props: AttunePartnerAccessProps) {
    super(scope, id);
    const partners = props.partners;
    if (partners.length === 0) throw new Error('AttunePartnerAccess: give at least one partner (or create no AttunePartnerAccess)');
    if (partners.length > MAX_PARTNERS) throw new Error(`AttunePartnerAccess: at most ${MAX_PARTNERS} partners, not ${partners.length}`);
    const names = new Set<string>();
    for (const partner of partners) {
      if (!PARTNER_NAME.test(partner.name)) throw new Error(`AttunePartnerAccess: partner name '${partner.name.slice(0, 60)}' must match ${PARTNER_NAME}`);
      if (names.has(partner.name)) throw new Error(`AttunePartnerAccess: two partners are named '${partner.name}'`);
      names.add(partner.name);
      if (partner.scopes.length === 0) throw new Error(`AttunePartnerAccess: partner '${partner.name}' has no scope`);
    }
    const removalPolicy = props.removalPolicy ?? RemovalPolicy.RETAIN;

    const serverScopes = new Map(SCOPES.map((s) => [s, new ResourceServerScope({ scopeName: s, scopeDescription: SCOPE_DESCRIPTIONS[s] })]));
    this.resourceServer = props.userPool.addResourceServer('ResourceServer', {
      identifier: RESOURCE_SERVER_ID,
      userPoolResourceServerName: 'Attune partner API',
      scopes: [...serverScopes.values()],
    });

    if (props.createDomain ?? true) {
      this.domain = props.userPool.addDomain('Domain', {
        cognitoDomain: { domainPrefix: props.domainPrefix ?? `attune-${Stack.of(this).account}` },
      });
    }

    // The clients and keys first: the stage's variables name them.
    const clients = partners.map((partner) =>
      props.userPool.addClient(`${pascal(partner.name)}Client`, {
        userPoolClientName: `attune-partner-${partner.name}`,
        generateSecret: true,
        // No user sign-in flow: a partner's client only exchanges its id and secret for an access token.
        // (CDK renders ALLOW_REFRESH_TOKEN_AUTH alone; client credentials issue no refresh token.)
        authFlows: { userSrp: false, userPassword: false, adminUserPassword: false, custom: false, user: false },
        oAuth: {
          flows: { clientCredentials: true },
          scopes: partner.scopes.map((s) => OAuthScope.resourceServer(this.resourceServer, serverScopes.get(s)!)),
        },
        accessTokenValidity: Duration.hours(1),
        idTokenValidity: Duration.hours(1),
        refreshTokenValidity: Duration.hours(1),
        enableTokenRevocation: true,
        preventUserExistenceErrors: true,
      }),
    );

    const apiKeys = partners.map(
      (partner) => new ApiKey(this, `${pascal(partner.name)}ApiKey`, { description: `Attune partner ${partner.name} (tenant ${partner.tenant})` }),
    );
    // The binding: API Gateway hands the stage's variables to the handler with every request; no caller can set them.
    const variables = Object.fromEntries(
      partners.map((partner, index) => [
        partnerStageVariable(index),
        `${clients[index]!.userPoolClientId},${partner.name},${partner.tenant},${apiKeys[index]!.keyId}`,
      ]),
    );

    ({ api: this.api, accessLogs: this.accessLogs } = loggedRestApi(this, {
      description: 'Attune for partners: OAuth2 client credentials with scopes, an API key per partner',
      // The account's one API Gateway CloudWatch role is the user API's (or the account's own).
      cloudWatchRole: false,
      caller: { client: AccessLogField.contextAuthorizerClaims('client_id'), apiKeyId: AccessLogField.contextIdentityApiKeyId() },
      // The stage's ceiling; each partner's usage plan throttles it below this.
      throttlingRateLimit: 50,
      throttlingBurstLimit: 100,
      variables,
      removalPolicy,
      ...(props.accessLogRetention ? { accessLogRetention: props.accessLogRetention } : {}),
      ...(props.logEncryptionKey ? { logEncryptionKey: props.logEncryptionKey } : {}),
    }));
    if (props.dependsOn) this.api.node.addDependency(props.dependsOn);

    const authorizer = new CognitoUserPoolsAuthorizer(this, 'Authorizer', { cognitoUserPools: [props.userPool] });
    const integration = new LambdaIntegration(props.handler, { scopePermissionToMethod: false });
    for (const route of ROUTES as readonly Route[]) {
      const needed = route.auth === 'public' ? undefined : requiredScope(route.operationId);
      const options: MethodOptions = needed
        ? {
            authorizationType: AuthorizationType.COGNITO,
            authorizer,
            authorizationScopes: [scopeClaim(needed)],
            apiKeyRequired: true,
            operationName: route.operationId,
          }
        : { authorizationType: AuthorizationType.NONE, operationName: route.operationId };
      resourceFor(this.api.root, route.path).addMethod(route.method, integration, options);
    }
    addProblemResponses(
      this.api,
      {
        UNAUTHORIZED: 'send a valid, unexpired access token from the client-credentials grant: Authorization: Bearer <token> (docs/partners.md)',
        EXPIRED_TOKEN: 'the access token has expired; request a new one from the token endpoint',
        ACCESS_DENIED: "the access token's scopes do not include this operation's; docs/partners.md lists the scope of each operation",
      },
      [{ type: ResponseType.INVALID_API_KEY, problem: 'forbidden', detail: 'send your partner API key in the x-api-key header' }],
    );

    const stage = this.api.deploymentStage;
    this.partners = partners.map((partner, index) => {
      const client = clients[index]!;
      const Name = pascal(partner.name);
      const throttle = partner.throttle ?? PARTNER_DEFAULTS.throttle;
      const quota = partner.quota ?? PARTNER_DEFAULTS.quota;
      const apiKey = apiKeys[index]!;
      const usagePlan = this.api.addUsagePlan(`${Name}UsagePlan`, {
        name: `attune-partner-${partner.name}`,
        description: `Throttling and quota of the partner ${partner.name}`,
        throttle: { rateLimit: throttle.rateLimit, burstLimit: throttle.burstLimit },
        quota: { limit: quota.limit, period: PERIODS[quota.period] },
        apiStages: [{ api: this.api, stage }],
      });
      usagePlan.addApiKey(apiKey);
      return { partner, client, apiKey, usagePlan };
    });
  }

  /** The token endpoint partners call, when this construct created the domain. */
  get tokenUrl(): string | undefined {
    return this.domain ? `${this.domain.baseUrl()}/oauth2/token` : undefined;
  }
}
