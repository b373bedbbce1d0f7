/**
 * The read API: API Gateway (REST) with a Cognito user-pool authorizer in front of the api Lambda, with
 * JSON access logs (ids and status, never bodies) and stage-wide throttling. The tenant comes from the ID
 * token's `custom:tenant` claim, never from the request.
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
  RestApi,
} from 'aws-cdk-lib/aws-apigateway';
import { AccountRecovery, ClientAttributes, Mfa, StringAttribute, UserPool, type IUserPool, type UserPoolClient } from 'aws-cdk-lib/aws-cognito';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';

/** The Cognito custom attribute (and ID-token claim `custom:tenant`) that says which tenant a user belongs to. */
export const TENANT_ATTRIBUTE = 'tenant';

export interface AttuneApiProps {
  /** The function that serves every route. */
  readonly handler: IFunction;
  /**
   * Authorize with this user pool. Its users need the `custom:tenant` attribute in their ID token.
   * @default a new pool: no self sign-up, email sign-in, TOTP MFA required, immutable `custom:tenant`
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
        preventUserExistenceErrors: true,
        generateSecret: false,
        idTokenValidity: Duration.hours(1),
        accessTokenValidity: Duration.hours(1),
        refreshTokenValidity: Duration.hours(12),
        // Users can change their email, never their tenant.
        writeAttributes: new ClientAttributes().withStandardAttributes({ email: true }),
      });
    }

    this.accessLogs = new LogGroup(this, 'AccessLogs', {
      retention: props.accessLogRetention ?? RetentionDays.ONE_YEAR,
      removalPolicy,
    });

    this.api = new RestApi(this, 'Api', {
      description: 'Attune: sessions, progress notes and alliance scores',
      endpointTypes: [EndpointType.REGIONAL],
      cloudWatchRole: props.cloudWatchRole ?? true,
      cloudWatchRoleRemovalPolicy: RemovalPolicy.RETAIN,
      deployOptions: {
        stageName: 'v1',
        accessLogDestination: new LogGroupLogDestination(this.accessLogs),
        // The resource template, not the path, and no bodies: the log says who asked for what, not what came back.
        accessLogFormat: AccessLogFormat.custom(
          JSON.stringify({
            requestId: AccessLogField.contextRequestId(),
            requestTime: AccessLogField.contextRequestTime(),
            sourceIp: AccessLogField.contextIdentitySourceIp(),
            user: AccessLogField.contextAuthorizerClaims('sub'),
            tenant: AccessLogField.contextAuthorizerClaims(`custom:${TENANT_ATTRIBUTE}`),
            httpMethod: AccessLogField.contextHttpMethod(),
            resourcePath: AccessLogField.contextResourcePath(),
            status: AccessLogField.contextStatus(),
            responseLength: AccessLogField.contextResponseLength(),
            protocol: AccessLogField.contextProtocol(),
          }),
        ),
        throttlingRateLimit: props.throttlingRateLimit ?? 50,
        throttlingBurstLimit: props.throttlingBurstLimit ?? 100,
        loggingLevel: MethodLoggingLevel.ERROR,
        // Execution logs with data tracing would copy response bodies (notes, transcripts) into CloudWatch.
        dataTraceEnabled: false,
        metricsEnabled: true,
        tracingEnabled: true,
      },
    });

    const authorizer = new CognitoUserPoolsAuthorizer(this, 'Authorizer', { cognitoUserPools: [this.userPool] });
    const integration = new LambdaIntegration(props.handler, { allowTestInvoke: false });
    const methodOptions = { authorizationType: AuthorizationType.COGNITO, authorizer };

    const sessions = this.api.root.addResource('sessions');
    sessions.addResource('{id}').addMethod('GET', integration, methodOptions);
    this.api.root.addResource('clients').addResource('{clientId}').addResource('sessions').addMethod('GET', integration, methodOptions);
  }
}
