/**
 * The clinician web app in AWS (docs/web.md, "Deploying the site"): the files Vite builds into `dist/web`
 * in a private S3 bucket, served by CloudFront through origin access control, with `/config.json` written
 * beside them at deploy time; people sign in through the user pool's hosted sign-in page (authorization
 * code with PKCE, a public app client) and the app calls the user API across origins (CORS for exactly the
 * site's origin).
 *
 * - Bucket: no public access, TLS 1.2+ only, versioned, server access logs to the storage's log bucket
 *   (`web/`), SSE-S3 (the files are the app's code, which every visitor downloads, and config.json's public
 *   ids; no PHI. SSE-S3 lets CloudFront's origin access control read them without a grant on the
 *   customer-managed key that protects PHI).
 * - CloudFront: HTTPS only (HTTP redirects), `index.html` at `/`, and a response headers policy with the
 *   Content-Security-Policy (the app's own files; connect-src the API, the sign-in domain and the uploads
 *   bucket), HSTS, nosniff, frame DENY, no referrer. With `domainName` and `certificate` the site answers on
 *   that name with TLS 1.2 or later only (the default `*.cloudfront.net` certificate also allows TLS 1.0).
 * - Two BucketDeployments: the hashed `assets/` (cached for a year, immutable, never pruned, so a page
 *   loaded before a deploy still finds its chunks), then index.html, the other top-level files and
 *   config.json (no-store), invalidating `/`, `/index.html` and `/config.json` on CloudFront.
 * - Cognito: a web app client (no secret, code grant only, openid + email, callback and sign-out URL the
 *   site's) and the pool's domain (the partners' one when it exists). The pool's MFA is unchanged.
 * - CORS on the user API: preflight (OPTIONS) on every resource, the origin on API Gateway's own error
 *   answers, and WEB_ORIGIN on the api function for its answers (lambdas/api/cors.ts); the uploads bucket
 *   accepts the app's presigned PUTs.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { type CfnGatewayResponse, GatewayResponse, type Method, type RestApi } from 'aws-cdk-lib/aws-apigateway';
import type { ICertificate } from 'aws-cdk-lib/aws-certificatemanager';
import {
  AllowedMethods,
  CachePolicy,
  Distribution,
  HeadersFrameOption,
  HeadersReferrerPolicy,
  HttpVersion,
  ResponseHeadersPolicy,
  SecurityPolicyProtocol,
  ViewerProtocolPolicy,
} from 'aws-cdk-lib/aws-cloudfront';
import { S3BucketOrigin } from 'aws-cdk-lib/aws-cloudfront-origins';
import {
  ClientAttributes,
  OAuthScope,
  UserPoolClientIdentityProvider,
  type IUserPool,
  type UserPoolClient,
  type UserPoolDomain,
} from 'aws-cdk-lib/aws-cognito';
import type { Function as LambdaFunction } from 'aws-cdk-lib/aws-lambda';
import { BlockPublicAccess, Bucket, BucketEncryption, HttpMethods, ObjectOwnership } from 'aws-cdk-lib/aws-s3';
import { BucketDeployment, CacheControl, Source } from 'aws-cdk-lib/aws-s3-deployment';
import { Construct } from 'constructs';
import { CORS_ALLOWED_HEADERS, CORS_ALLOWED_METHODS, CORS_EXPOSED_HEADERS, CORS_MAX_AGE_SECONDS } from '../../schemas/cors.js';
import { DEFAULT_IDLE_MINUTES, type WebConfigInput } from '../../schemas/web-config.js';
import { WEB_PERMISSIONS_POLICY, webContentSecurityPolicy } from '../../schemas/web-headers.js';
import { AttuneConfigError } from '../config.js';
import type { AttuneStorage } from './storage.js';

/** The package's `dist/web`, where `npm run build` writes the app. */
export const DEFAULT_WEB_DIST = fileURLToPath(new URL('../../dist/web', import.meta.url));

/** The scopes the app asks for: the API reads the ID token, which these give. */
export const WEB_SCOPES = ['openid', 'email'] as const;

/** The request headers of the app's presigned upload (lambdas/adapters/s3/object-store.ts `presignPut`). */
const UPLOAD_HEADERS = ['content-type', 'x-amz-server-side-encryption', 'x-amz-server-side-encryption-aws-kms-key-id', 'x-amz-meta-*'];

const NO_STORE = 'no-store';
const IMMUTABLE = 'public, max-age=31536000, immutable';

export interface AttuneWebSiteProps {
  /** The user API, whose origin the app calls (CSP connect-src, CORS). */
  readonly api: RestApi;
  /** The function behind the API: it is told the site's origin (WEB_ORIGIN) for its CORS answers. */
  readonly apiFunction: LambdaFunction;
  /** The pool people sign in with: the web app client (and the domain, unless one is given) is added to it. */
  readonly userPool: IUserPool;
  /** The uploads bucket (the app PUTs recordings there), the log bucket, from AttuneStorage. */
  readonly storage: Pick<AttuneStorage, 'uploadsBucket' | 'accessLogsBucket' | 'logTo'>;
  /**
   * The pool's domain, when one exists already (partner access creates one): a pool has one prefix domain.
   * @default a new domain with `domainPrefix`
   */
  readonly domain?: UserPoolDomain;
  /**
   * The prefix of the pool's hosted sign-in domain (`https://<prefix>.auth.<region>.amazoncognito.com`), unique in the Region.
   * @default `attune-<account id>`
   */
  readonly domainPrefix?: string;
  /** Minutes of inactivity after which the app signs out. @default 15 */
  readonly idleMinutes?: number;
  /**
   * The site's own name (e.g. `attune.clinic.example`), with `certificate`: CloudFront then requires TLS 1.2+.
   * Point the name's DNS at the distribution yourself. @default the distribution's `*.cloudfront.net` name
   */
  readonly domainName?: string;
  /** An ACM certificate in us-east-1 for `domainName`. */
  readonly certificate?: ICertificate;
  /** Where the built app is. @default the package's `dist/web` */
  readonly distDir?: string;
  /** For the bucket. @default RemovalPolicy.RETAIN */
  readonly removalPolicy?: RemovalPolicy;
}

export class AttuneWebSite extends Construct {
  readonly bucket: Bucket;
  readonly distribution: Distribution;
  readonly responseHeadersPolicy: ResponseHeadersPolicy;
  readonly client: UserPoolClient;
  readonly domain: UserPoolDomain;
  /** The site's address, `https://<name>/`: where the app is, and where Cognito sends people back. */
  readonly url: string;
  /** The site's origin, `https://<name>`: the only origin the API answers with CORS headers. */
  readonly origin: string;
  /** The deployment of `assets/`, then of index.html and config.json. */
  readonly deployments: { readonly assets: BucketDeployment; readonly pages: BucketDeployment };
  /** The OPTIONS methods added to the user API for CORS preflight. */
  readonly preflightMethods: readonly Method[];

  constructor(scope: Construct, id: string, props: AttuneWebSiteProps) {
    super(scope, id);
    const distDir = props.distDir ?? DEFAULT_WEB_DIST;
    if (!existsSync(join(distDir, 'index.html'))) {
      throw new AttuneConfigError(
        `the web app is not built: ${join(distDir, 'index.html')} is missing. Run \`npm run build\` (npm ci runs it), or set -c attune:webSite=false to deploy without the web app`,
      );
    }
    if ((props.domainName === undefined) !== (props.certificate === undefined)) {
      throw new AttuneConfigError('the web app needs both a domain name and its certificate (attune:webDomainName and attune:webCertificateArn), or neither');
    }
    const stack = Stack.of(this);
    const { api, userPool, storage } = props;
    const idleMinutes = props.idleMinutes ?? DEFAULT_IDLE_MINUTES;

    this.bucket = new Bucket(this, 'Bucket', {
      encryption: BucketEncryption.S3_MANAGED,
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      minimumTLSVersion: 1.2,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
      // Versioned: a deploy that went wrong can be rolled back file by file for 30 days.
      versioned: true,
      lifecycleRules: [{ id: 'ExpireOldVersions', noncurrentVersionExpiration: Duration.days(30), abortIncompleteMultipartUploadAfter: Duration.days(1) }],
      removalPolicy: props.removalPolicy ?? RemovalPolicy.RETAIN,
    });
    storage.logTo(this.bucket, 'web/');

    this.domain = props.domain ?? userPool.addDomain('Domain', { cognitoDomain: { domainPrefix: props.domainPrefix ?? `attune-${stack.account}` } });
    const signInBase = this.domain.baseUrl();
    // The API's origin without its stage: the Rest API's id alone, so the site does not wait for the deployment.
    const apiOrigin = `https://${api.restApiId}.execute-api.${stack.region}.${stack.urlSuffix}`;
    const uploadsOrigin = `https://${storage.uploadsBucket.bucketRegionalDomainName}`;

    this.responseHeadersPolicy = new ResponseHeadersPolicy(this, 'Headers', {
      // Names are global to the account: the stack and Region keep two deployments apart.
      responseHeadersPolicyName: `${stack.stackName}-web-${stack.region}`,
      comment: 'Attune web app: CSP, HSTS, nosniff, frame DENY, no referrer',
      securityHeadersBehavior: {
        contentSecurityPolicy: { contentSecurityPolicy: webContentSecurityPolicy([apiOrigin, signInBase, uploadsOrigin]), override: true },
        strictTransportSecurity: { accessControlMaxAge: Duration.days(365 * 2), includeSubdomains: true, override: true },
        contentTypeOptions: { override: true },
        frameOptions: { frameOption: HeadersFrameOption.DENY, override: true },
        referrerPolicy: { referrerPolicy: HeadersReferrerPolicy.NO_REFERRER, override: true },
      },
      customHeadersBehavior: {
        customHeaders: [
          { header: 'Cross-Origin-Opener-Policy', value: 'same-origin', override: true },
          { header: 'Permissions-Policy', value: WEB_PERMISSIONS_POLICY, override: true },
        ],
      },
    });

    this.distribution = new Distribution(this, 'Distribution', {
      comment: 'Attune clinician web app',
      defaultRootObject: 'index.html',
      defaultBehavior: {
        origin: S3BucketOrigin.withOriginAccessControl(this.bucket),
        viewerProtocolPolicy: ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
        allowedMethods: AllowedMethods.ALLOW_GET_HEAD,
        // Honours each file's Cache-Control: no-store for index.html and config.json, a year for assets.
        cachePolicy: CachePolicy.CACHING_OPTIMIZED,
        responseHeadersPolicy: this.responseHeadersPolicy,
        compress: true,
      },
      httpVersion: HttpVersion.HTTP2_AND_3,
      ...(props.domainName && props.certificate
        ? { domainNames: [props.domainName], certificate: props.certificate, minimumProtocolVersion: SecurityPolicyProtocol.TLS_V1_2_2021 }
        : {}),
    });
    const host = props.domainName ?? this.distribution.distributionDomainName;
    this.origin = `https://${host}`;
    this.url = `${this.origin}/`;

    this.client = userPool.addClient('WebClient', {
      userPoolClientName: 'attune-web',
      // A browser cannot keep a secret: a public client, whose code exchange PKCE protects.
      generateSecret: false,
      // No password or SRP flow from the browser: the hosted sign-in page does it (and asks for the MFA code).
      authFlows: { userSrp: false, userPassword: false, adminUserPassword: false, custom: false, user: false },
      oAuth: {
        flows: { authorizationCodeGrant: true, implicitCodeGrant: false, clientCredentials: false },
        scopes: [OAuthScope.OPENID, OAuthScope.EMAIL],
        callbackUrls: [this.url],
        logoutUrls: [this.url],
      },
      supportedIdentityProviders: [UserPoolClientIdentityProvider.COGNITO],
      preventUserExistenceErrors: true,
      enableTokenRevocation: true,
      idTokenValidity: Duration.hours(1),
      accessTokenValidity: Duration.hours(1),
      refreshTokenValidity: Duration.hours(12),
      writeAttributes: new ClientAttributes().withStandardAttributes({ email: true }),
    });

    const config: WebConfigInput = {
      apiBase: `${apiOrigin}/${api.deploymentStage.stageName}`,
      auth: { mode: 'cognito', domain: signInBase, clientId: this.client.userPoolClientId, redirectUri: this.url, scopes: [...WEB_SCOPES] },
      idleMinutes,
    };
    const assets = new BucketDeployment(this, 'Assets', {
      sources: [Source.asset(join(distDir, 'assets'))],
      destinationBucket: this.bucket,
      destinationKeyPrefix: 'assets/',
      cacheControl: [CacheControl.fromString(IMMUTABLE)],
      // Old hashed files stay: a page loaded before this deploy still finds the chunks it asks for.
      prune: false,
    });
    const pages = new BucketDeployment(this, 'Pages', {
      sources: [Source.asset(distDir, { exclude: ['assets', 'assets/**'] }), Source.jsonData('config.json', config)],
      destinationBucket: this.bucket,
      cacheControl: [CacheControl.fromString(NO_STORE)],
      prune: false,
      distribution: this.distribution,
      distributionPaths: ['/', '/index.html', '/config.json'],
    });
    // index.html names the new assets: they are there before it is.
    pages.node.addDependency(assets);
    this.deployments = { assets, pages };

    // ---- CORS for exactly the site's origin ----
    props.apiFunction.addEnvironment('WEB_ORIGIN', this.origin);
    const resources = [...new Set(api.methods.map((method) => method.resource))];
    this.preflightMethods = resources.map((resource) =>
      resource.addCorsPreflight({
        allowOrigins: [this.origin],
        allowHeaders: [...CORS_ALLOWED_HEADERS],
        allowMethods: [...CORS_ALLOWED_METHODS],
        maxAge: Duration.seconds(CORS_MAX_AGE_SECONDS),
      }),
    );
    // API Gateway's own answers (401 without a token, 429, 5xx) carry the origin too, or the app cannot read them.
    for (const response of api.node.findAll().filter((c): c is GatewayResponse => c instanceof GatewayResponse)) {
      const cfn = response.node.defaultChild as CfnGatewayResponse;
      cfn.responseParameters = {
        ...(stack.resolve(cfn.responseParameters) as Record<string, string> | undefined),
        'gatewayresponse.header.Access-Control-Allow-Origin': `'${this.origin}'`,
        'gatewayresponse.header.Access-Control-Expose-Headers': `'${CORS_EXPOSED_HEADERS.join(', ')}'`,
        'gatewayresponse.header.Vary': "'Origin'",
      };
    }
    // The app PUTs recordings to presigned URLs on the uploads bucket. The signature, not CORS, authorizes
    // each PUT; the origin is the site's when its name is known before deploy, any CloudFront name otherwise
    // (the distribution's own name would make the bucket wait for the distribution, whose CSP names the bucket).
    storage.uploadsBucket.addCorsRule({
      allowedOrigins: [props.domainName ? this.origin : 'https://*.cloudfront.net'],
      allowedMethods: [HttpMethods.PUT],
      allowedHeaders: UPLOAD_HEADERS,
      exposedHeaders: ['ETag'],
      maxAge: CORS_MAX_AGE_SECONDS,
    });
  }
}
