/**
 * The partner API: API Gateway (REST) with a Cognito user-pool authorizer in front of the api Lambda, with
 * JSON access logs (ids and status, never bodies) and stage-wide throttling. The tenant comes from the ID
 * token's `custom:tenant` claim, never from the request; the roles from the user's groups.
 *
 * Resources and methods are built from the route table (schemas/routes.ts), the same one the handler
 * dispatches on and the OpenAPI document describes, so the three cannot drift. Errors API Gateway answers
 * itself (no token, throttled, unknown path, too large) are problem+json with the handler's `type` URIs.
 * Partners (client credentials, scopes, API keys) have their own API: partner-access.ts, docs/partners.md.
 */
import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import {
  AccessLogField,
  AccessLogFormat,
  AuthorizationType,
  CognitoUserPoolsAuthorizer,
  EndpointType,
  LambdaIntegration,
  LogGroupLogDestination,
  MethodLoggingLevel,
  ResponseType,
  RestApi,
  type IResource,
  type MethodOptions,
} from 'aws-cdk-lib/aws-apigateway';
import { AccountRecovery, ClientAttributes, Mfa, StringAttribute, UserPool, type IUserPool, type UserPoolClient } from 'aws-cdk-lib/aws-cognito';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { PROBLEM_BASE, PROBLEMS, type ProblemType } from '../../schemas/problems.js';
import { ROUTES, type RouteSpec } from '../../schemas/routes.js';
import { RoleSchema } from '../../schemas/api.js';

/** The Cognito custom attribute (and ID-token claim `custom:tenant`) that says which tenant a user belongs to. */
export const TENANT_ATTRIBUTE = 'tenant';

/** The user-pool groups that are the API's roles (the ID token's `cognito:groups` claim). */
export const ROLE_GROUPS: readonly string[] = RoleSchema.options;

const GROUP_DESCRIPTIONS: Record<string, string> = {
  clinician: 'Clinicians: their own clients, sessions, notes (edit and sign)',
  supervisor: 'Supervisors: scores, trends and statuses of every client of the tenant, no note text',
  admin: 'Administrators: everything in the tenant, webhooks and the audit trail',
};

/** How long a throttled caller should wait (API Gateway's token bucket refills every second). */
const THROTTLED_RETRY_AFTER_SECONDS = 1;

/**
 * What API Gateway answers on its own, as the handler's problem types. API Gateway answers
 * MISSING_AUTHENTICATION_TOKEN for a path or method no route has (a request without a token gets
 * UNAUTHORIZED): that is a 404 here, as the handler answers for an unknown path.
 */
export interface GatewayProblem {
  type: ResponseType;
  problem: ProblemType;
  detail: string;
}

const GATEWAY_PROBLEMS: GatewayProblem[] = [
  { type: ResponseType.UNAUTHORIZED, problem: 'unauthorized', detail: 'send a valid, unexpired Cognito ID token: Authorization: Bearer <token>' },
  { type: ResponseType.EXPIRED_TOKEN, problem: 'unauthorized', detail: 'the token has expired; sign in again' },
  { type: ResponseType.MISSING_AUTHENTICATION_TOKEN, problem: 'not-found', detail: 'no such resource or method; GET /openapi.json describes the API' },
  { type: ResponseType.RESOURCE_NOT_FOUND, problem: 'not-found', detail: 'no such resource; GET /openapi.json describes the API' },
  { type: ResponseType.ACCESS_DENIED, problem: 'forbidden', detail: 'this token may not call this operation' },
  { type: ResponseType.INVALID_SIGNATURE, problem: 'forbidden', detail: 'the request signature is not valid' },
  { type: ResponseType.WAF_FILTERED, problem: 'forbidden', detail: 'the request was blocked by the web application firewall' },
  { type: ResponseType.THROTTLED, problem: 'too-many-requests', detail: 'too many requests; wait for Retry-After seconds, then retry' },
  { type: ResponseType.QUOTA_EXCEEDED, problem: 'too-many-requests', detail: 'the usage quota is exhausted; wait for Retry-After seconds, then retry' },
  {
    type: ResponseType.REQUEST_TOO_LARGE,
    problem: 'payload-too-large',
    detail: 'the request is too large; send a recording with media (an upload URL) instead of inline',
  },
  { type: ResponseType.UNSUPPORTED_MEDIA_TYPE, problem: 'unsupported-media-type', detail: 'send the body as JSON with Content-Type: application/json' },
  { type: ResponseType.BAD_REQUEST_BODY, problem: 'invalid-request', detail: 'the request body is not valid; GET /openapi.json describes it' },
  { type: ResponseType.BAD_REQUEST_PARAMETERS, problem: 'invalid-request', detail: 'the request parameters are not valid; GET /openapi.json describes them' },
  // Every other 4XX (API Gateway's own) and 5XX (the authorizer, the integration, a timeout).
  { type: ResponseType.DEFAULT_4XX, problem: 'invalid-request', detail: 'the request was rejected; GET /openapi.json describes the API' },
  { type: ResponseType.DEFAULT_5XX, problem: 'internal', detail: 'the request could not be completed; try again later' },
];

export interface AttuneApiProps {
  /** The function that serves every route. */
  readonly handler: IFunction;
  /**
   * Authorize with this user pool. Its users need the `custom:tenant` attribute in their ID token, and the
   * pool needs the groups `clinician`, `supervisor` and `admin` (the roles; a user in none gets 403).
   * @default a new pool: no self sign-up, email sign-in, TOTP MFA required, immutable `custom:tenant`, the
   * three groups
   */
  readonly userPool?: IUserPool;
  /**
   * Steady-state requests per second across the stage.
   * @default 50
   */
  readonly throttlingRateLimit?: number;
  /**
   * Burst of requests across the stage.
   * @default 100
   */
  readonly throttlingBurstLimit?: number;
  /**
   * Create the account-level role API Gateway needs to write logs. API Gateway has one per account and
   * Region: set false when the account already has one.
   * @default true
   */
  readonly cloudWatchRole?: boolean;
  /** @default RetentionDays.ONE_YEAR (access logs are an audit trail) */
  readonly accessLogRetention?: RetentionDays;
  /**
   * The KMS key that encrypts the access logs. Its key policy must let CloudWatch Logs
   * (`logs.<region>.amazonaws.com`) use it; AttuneStorage's key does.
   * @default CloudWatch Logs' own encryption
   */
  readonly logEncryptionKey?: IKey;
  /** For the user pool (when created) and the access logs. @default RemovalPolicy.RETAIN */
  readonly removalPolicy?: RemovalPolicy;
}

export class AttuneApi extends Construct {
  readonly api: RestApi;
  readonly userPool: IUserPool;
  /** The app client for sign-in (SRP), when this construct created the pool. */
  readonly userPoolClient?: UserPoolClient;
  readonly accessLogs: LogGroup;

  constructor(scope: Construct, id: string, props: AttuneApiProps) {
    super(scope, id);
    const removalPolicy = props.removalPolicy ?? RemovalPolicy.RETAIN;

    if (props.userPool) {
      this.userPool = props.userPool;
    } else {
      const pool = new UserPool(this, 'UserPool', {
        selfSignUpEnabled: false,
        signInAliases: { email: true },
        customAttributes: { [TENANT_ATTRIBUTE]: new StringAttribute({ minLen: 1, maxLen: 64, mutable: false }) },
        passwordPolicy: { minLength: 12, requireDigits: true, requireLowercase: true, requireUppercase: true, requireSymbols: true },
        // Clinicians reach protected health information through this pool.
        mfa: Mfa.REQUIRED,
        mfaSecondFactor: { otp: true, sms: false },
        accountRecovery: AccountRecovery.EMAIL_ONLY,
        removalPolicy,
      });
      this.userPool = pool;
      this.userPoolClient = pool.addClient('Client', {
        authFlows: { userSrp: true },
        // Sign-in is SRP only. Without this, CDK enables the OAuth implicit and code grants with an
        // example.com callback: unusable without a Cognito domain, but a grant nobody reviewed.
        disableOAuth: true,
        preventUserExistenceErrors: true,
        generateSecret: false,
        idTokenValidity: Duration.hours(1),
        accessTokenValidity: Duration.hours(1),
        refreshTokenValidity: Duration.hours(12),
        // Users can change their email, never their tenant.
        writeAttributes: new ClientAttributes().withStandardAttributes({ email: true }),
      });
      for (const role of ROLE_GROUPS) {
        pool.addGroup(`${role[0]!.toUpperCase()}${role.slice(1)}Group`, { groupName: role, description: GROUP_DESCRIPTIONS[role] ?? role });
      }
    }

    ({ api: this.api, accessLogs: this.accessLogs } = loggedRestApi(this, {
      description: 'Attune: sessions, progress notes and alliance scores',
      cloudWatchRole: props.cloudWatchRole ?? true,
      caller: {
        user: AccessLogField.contextAuthorizerClaims('sub'),
        tenant: AccessLogField.contextAuthorizerClaims(`custom:${TENANT_ATTRIBUTE}`),
      },
      throttlingRateLimit: props.throttlingRateLimit ?? 50,
      throttlingBurstLimit: props.throttlingBurstLimit ?? 100,
      removalPolicy,
      ...(props.accessLogRetention ? { accessLogRetention: props.accessLogRetention } : {}),
      ...(props.logEncryptionKey ? { logEncryptionKey: props.logEncryptionKey } : {}),
    }));

    const authorizer = new CognitoUserPoolsAuthorizer(this, 'Authorizer', { cognitoUserPools: [this.userPool] });
    // One permission for the whole API rather than one per method: the function serves every route anyway.
    const integration = new LambdaIntegration(props.handler, { scopePermissionToMethod: false });
    for (const route of ROUTES as readonly RouteSpec[]) {
      // Roles are the handler's to check (403 names the ones that may); the authorizer checks the token.
      const options: MethodOptions =
        route.auth === 'public'
          ? { authorizationType: AuthorizationType.NONE, operationName: route.operationId }
          : { authorizationType: AuthorizationType.COGNITO, authorizer, operationName: route.operationId };
      resourceFor(this.api.root, route.path).addMethod(route.method, integration, options);
    }

    addProblemResponses(this.api);
  }
}

export interface LoggedRestApiProps {
  readonly description: string;
  /** Create the account's API Gateway CloudWatch role (retained on delete). */
  readonly cloudWatchRole: boolean;
  /** The access log's fields that say who called (between `sourceIp` and `httpMethod`). */
  readonly caller: Record<string, string>;
  readonly throttlingRateLimit: number;
  readonly throttlingBurstLimit: number;
  /** The stage's variables. @default none */
  readonly variables?: Record<string, string>;
  /** @default RetentionDays.ONE_YEAR */
  readonly accessLogRetention?: RetentionDays;
  /** @default CloudWatch Logs' own encryption */
  readonly logEncryptionKey?: IKey;
  readonly removalPolicy: RemovalPolicy;
}

/**
 * A regional REST API (`Api`) whose `v1` stage writes JSON access logs to its own log group (`AccessLogs`):
 * the user API's and the partner API's. The resource template, not the path, and no bodies: the log says
 * who asked for what, not what came back; execution logs at ERROR without data tracing, which would copy
 * response bodies (notes, transcripts) into CloudWatch.
 */
export function loggedRestApi(scope: Construct, props: LoggedRestApiProps): { api: RestApi; accessLogs: LogGroup } {
  const accessLogs = new LogGroup(scope, 'AccessLogs', {
    retention: props.accessLogRetention ?? RetentionDays.ONE_YEAR,
    removalPolicy: props.removalPolicy,
    ...(props.logEncryptionKey ? { encryptionKey: props.logEncryptionKey } : {}),
  });
  const api = new RestApi(scope, 'Api', {
    description: props.description,
    endpointTypes: [EndpointType.REGIONAL],
    cloudWatchRole: props.cloudWatchRole,
    // CDK refuses a removal policy for a role it does not create.
    ...(props.cloudWatchRole ? { cloudWatchRoleRemovalPolicy: RemovalPolicy.RETAIN } : {}),
    deployOptions: {
      stageName: 'v1',
      accessLogDestination: new LogGroupLogDestination(accessLogs),
      accessLogFormat: AccessLogFormat.custom(
        JSON.stringify({
          requestId: AccessLogField.contextRequestId(),
          requestTime: AccessLogField.contextRequestTime(),
          sourceIp: AccessLogField.contextIdentitySourceIp(),
          ...props.caller,
          httpMethod: AccessLogField.contextHttpMethod(),
          resourcePath: AccessLogField.contextResourcePath(),
          status: AccessLogField.contextStatus(),
          responseLength: AccessLogField.contextResponseLength(),
          protocol: AccessLogField.contextProtocol(),
        }),
      ),
      throttlingRateLimit: props.throttlingRateLimit,
      throttlingBurstLimit: props.throttlingBurstLimit,
      loggingLevel: MethodLoggingLevel.ERROR,
      dataTraceEnabled: false,
      metricsEnabled: true,
      tracingEnabled: true,
      ...(props.variables ? { variables: props.variables } : {}),
    },
  });
  return { api, accessLogs };
}

/**
 * Answers API Gateway's own errors as the handler's problem types. `details` replaces a response type's
 * detail (the partner API's refusals speak of access tokens, scopes and API keys).
 */
export function addProblemResponses(api: RestApi, details: Partial<Record<string, string>> = {}, extra: readonly GatewayProblem[] = []): void {
  for (const { type, problem, detail } of [...GATEWAY_PROBLEMS, ...extra]) {
    const { status, title } = PROBLEMS[problem];
    api.addGatewayResponse(`Problem${type.responseType}`, {
      type,
      statusCode: String(status),
      responseHeaders: {
        'Content-Type': "'application/problem+json'",
        'Cache-Control': "'no-store'",
        ...(status === 401 ? { 'WWW-Authenticate': "'Bearer'" } : {}),
        ...(status === 429 ? { 'Retry-After': `'${THROTTLED_RETRY_AFTER_SECONDS}'` } : {}),
      },
      // Gateway response templates substitute $context variables and nothing else (no VTL).
      templates: {
        'application/json': JSON.stringify({
          type: `${PROBLEM_BASE}${problem}`,
          title,
          status,
          detail: details[type.responseType] ?? detail,
          instance: '$context.requestId',
        }),
      },
    });
  }
}

/** The resource for a path template, creating the missing ones: `/sessions/{id}/note`. */
export function resourceFor(root: IResource, path: string): IResource {
  return path
    .split('/')
    .filter((part) => part.length > 0)
    .reduce((parent, part) => parent.getResource(part) ?? parent.addResource(part), root);
}
