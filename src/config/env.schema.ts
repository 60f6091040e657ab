import { plainToInstance, Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsOptional, IsString, IsUrl, Max, Min, MinLength, validateSync } from 'class-validator';

/**
 * Every environment variable the service reads, with its development default.
 * `.env.example` documents the same list; a unit test keeps the two in step.
 *
 * The defaults let `npm start` and `npm test` run on a developer machine with
 * PostgreSQL and Redis on their default local ports. Production must set
 * `SECRET_KEY` (the default is refused) and should set everything that names a
 * host or a credential.
 */
export const DEFAULT_SECRET_KEY = 'dev-insecure-secret-key-change-me-in-production-0000';

const toBool = ({ value }: { value: unknown }) =>
  typeof value === 'string' ? ['1', 'true', 'yes', 'on'].includes(value.trim().toLowerCase()) : value;
const toInt = ({ value }: { value: unknown }) => (typeof value === 'string' && value.trim() !== '' ? Number(value) : value);

export class EnvironmentVariables {
  @IsIn(['development', 'production', 'test'])
  NODE_ENV: 'development' | 'production' | 'test' = 'development';

  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(65535)
  PORT = 8000;

  @IsString()
  HOST = '0.0.0.0';

  @IsString()
  LOG_LEVEL = 'info';

  /**
   * Let each request's context follow all its async work (AsyncLocalStorage):
   * `reqId` on every log line, and the `x-query-count` header. Unset: on,
   * except in production, where it costs about 15% of a simple read's CPU.
   */
  @IsOptional()
  @Transform(toBool)
  @IsBoolean()
  REQUEST_CONTEXT_TRACKING?: boolean;

  /** Trust X-Forwarded-* headers (set when running behind nginx). */
  @Transform(toBool)
  @IsBoolean()
  TRUST_PROXY = false;

  /** Largest JSON body accepted, in bytes (uploads have their own limits). */
  @Transform(toInt)
  @IsInt()
  @Min(1024)
  BODY_LIMIT_BYTES = 1_048_576;

  // --- database -----------------------------------------------------------
  @IsOptional()
  @IsString()
  DATABASE_URL?: string;

  @IsString() DB_NAME = 'clean_care_db';
  @IsString() DB_USER = 'postgres';
  @IsString() DB_PASSWORD = 'password';
  @IsString() DB_HOST = 'localhost';
  @Transform(toInt) @IsInt() DB_PORT = 5432;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(200)
  DB_POOL_SIZE = 20;

  /** Run pending migrations when the API or worker starts (off when a one-shot migrate job does it). */
  @Transform(toBool)
  @IsBoolean()
  MIGRATIONS_RUN = true;

  /** Create the database on start when it does not exist yet (developer convenience). */
  @Transform(toBool)
  @IsBoolean()
  DB_CREATE_IF_MISSING = true;

  // --- redis / queues -----------------------------------------------------
  @IsString()
  REDIS_URL = 'redis://localhost:6379/0';

  /** Prefix of every Redis key this service writes (rate limits, revocations, socket.io). */
  @IsString()
  REDIS_KEY_PREFIX = 'cc:';

  /** Prefix of the Bull queues' keys. */
  @IsString()
  QUEUE_PREFIX = 'bull';

  /** Process queue jobs inside the API process. Set false when a separate worker runs. */
  @Transform(toBool)
  @IsBoolean()
  RUN_WORKER = true;

  /** How often the transactional outbox is swept for jobs not yet handed to Redis. */
  @Transform(toInt)
  @IsInt()
  @Min(50)
  OUTBOX_POLL_MS = 1000;

  /**
   * How long a worker's lock on a running job lasts (renewed every half of it).
   * A worker that dies mid-job loses the lock this long after its last renewal;
   * then another worker runs the job again (Bull's stalled-job recovery).
   */
  @Transform(toInt)
  @IsInt()
  @Min(1000)
  BULL_LOCK_DURATION_MS = 30_000;

  /** How often each worker looks for jobs whose lock expired (stalled) and puts them back in the queue. */
  @Transform(toInt)
  @IsInt()
  @Min(500)
  BULL_STALLED_INTERVAL_MS = 30_000;

  // --- auth ----------------------------------------------------------------
  @IsString()
  @MinLength(32)
  SECRET_KEY = DEFAULT_SECRET_KEY;

  /** The key SECRET_KEY replaced: tokens signed with it stay valid until they expire (README: rotate SECRET_KEY). */
  @IsOptional()
  @IsString()
  @MinLength(32)
  SECRET_KEY_PREVIOUS?: string;

  @IsString() JWT_ISSUER = 'clean-care';
  @IsString() JWT_AUDIENCE = 'clean-care-app';

  @Transform(toInt)
  @IsInt()
  @Min(60)
  ACCESS_TOKEN_TTL_SECONDS = 3600;

  @Transform(toInt)
  @IsInt()
  @Min(300)
  REFRESH_TOKEN_TTL_SECONDS = 604_800;

  @Transform(toInt)
  @IsInt()
  @Min(60)
  OTP_TTL_SECONDS = 300;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(20)
  OTP_MAX_ATTEMPTS = 5;

  /** Password hashes computed at the same time; the rest wait, so logins never starve the event loop. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(64)
  PASSWORD_HASH_CONCURRENCY = 1;

  // --- rate limits ---------------------------------------------------------
  @Transform(toInt)
  @IsInt()
  @Min(1)
  RATE_LIMIT_PER_MINUTE = 100;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  AUTH_RATE_LIMIT_PER_MINUTE = 5;

  /** Chat messages per user per minute, over sockets and REST together. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  CHAT_RATE_LIMIT_PER_MINUTE = 30;

  // --- http ---------------------------------------------------------------
  /** Comma-separated origins allowed by CORS. */
  @IsString()
  CORS_ALLOWED_ORIGINS = 'http://localhost:3000,http://127.0.0.1:3000';

  // --- metrics -------------------------------------------------------------
  /** Prometheus /metrics on its own port, never behind the public proxy. 0 disables it. */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(65535)
  METRICS_PORT = 9464;

  @IsString()
  METRICS_HOST = '0.0.0.0';

  // --- realtime ------------------------------------------------------------
  /** A socket that sends nothing for this long is closed. */
  @Transform(toInt)
  @IsInt()
  @Min(1000)
  SOCKET_IDLE_TIMEOUT_MS = 1_800_000;

  // --- files ---------------------------------------------------------------
  @IsIn(['local', 's3'])
  STORAGE_DRIVER: 'local' | 's3' = 'local';

  @IsString()
  MEDIA_ROOT = './media';

  /** Public base URL of files under MEDIA_ROOT/public (this API serves them at /media/). */
  @IsString()
  MEDIA_URL = 'http://localhost:8000/media/';

  @IsOptional() @IsString() S3_BUCKET?: string;
  @IsString() S3_REGION = 'ap-southeast-1';
  @IsOptional() @IsUrl({ require_tld: false }) S3_ENDPOINT?: string;
  @IsOptional() @IsString() S3_ACCESS_KEY_ID?: string;
  @IsOptional() @IsString() S3_SECRET_ACCESS_KEY?: string;
  @Transform(toBool) @IsBoolean() S3_FORCE_PATH_STYLE = false;

  // --- SMS -----------------------------------------------------------------
  /** The seed's SMS gateway: POST {api_key, phone, message}. Unset → messages are logged. */
  @IsOptional()
  @IsUrl({ require_tld: false })
  SMS_GATEWAY_URL?: string;

  @IsOptional()
  @IsString()
  SMS_API_KEY?: string;

  @Transform(toInt)
  @IsInt()
  @Min(100)
  SMS_TIMEOUT_MS = 10_000;

  // --- payments ------------------------------------------------------------
  /** Public base URL the gateways call back; `/<method>` is appended (…/api/v1/payments/callback/bkash). */
  @IsUrl({ require_tld: false })
  PAYMENT_CALLBACK_BASE_URL = 'http://localhost:8000/api/v1/payments/callback';

  /** Where a callback sends the user's browser back to the app; {id} and {status} are filled in. */
  @IsString()
  PAYMENT_RETURN_URL = 'cleancare://payments/{id}?status={status}';

  /** A payment still pending this long is re-queried and cancelled unless the gateway confirms it. */
  @Transform(toInt)
  @IsInt()
  @Min(1000)
  PAYMENT_PENDING_TIMEOUT_MS = 600_000;

  /** How often the stale-pending sweep runs. */
  @Transform(toInt)
  @IsInt()
  @Min(500)
  PAYMENT_SWEEP_INTERVAL_MS = 60_000;

  /** Longest wait for one gateway HTTP call (bKash execute on timeout falls back to a status query). */
  @Transform(toInt)
  @IsInt()
  @Min(100)
  PAYMENT_GATEWAY_TIMEOUT_MS = 30_000;

  /** bKash tokenized checkout, e.g. https://tokenized.pay.bka.sh/v1.2.0-beta. All five set → bkash enabled. */
  @IsOptional() @IsUrl({ require_tld: false }) BKASH_BASE_URL?: string;
  @IsOptional() @IsString() BKASH_USERNAME?: string;
  @IsOptional() @IsString() BKASH_PASSWORD?: string;
  @IsOptional() @IsString() BKASH_APP_KEY?: string;
  @IsOptional() @IsString() BKASH_APP_SECRET?: string;

  /** Nagad checkout API, e.g. https://api.mynagad.com/api/dfs. Base URL, merchant id and both keys set → nagad enabled. */
  @IsOptional() @IsUrl({ require_tld: false }) NAGAD_BASE_URL?: string;
  @IsOptional() @IsString() NAGAD_MERCHANT_ID?: string;
  /** The merchant's Nagad account number (accountNumber of initialize). */
  @IsOptional() @IsString() NAGAD_MERCHANT_NUMBER?: string;
  /** Nagad's public key (PEM, or base64 DER) — encrypts what we send and checks Nagad's signatures. */
  @IsOptional() @IsString() NAGAD_PUBLIC_KEY?: string;
  /** The merchant's private key (PEM, or base64 PKCS#8 DER) — signs what we send and decrypts Nagad's answers. */
  @IsOptional() @IsString() NAGAD_MERCHANT_PRIVATE_KEY?: string;
  /** This server's public IPv4, sent as X-KM-IP-V4 (Nagad whitelists it). */
  @IsString() NAGAD_CLIENT_IP = '127.0.0.1';

  /** SSLCommerz (Rocket and Upay go through it), e.g. https://securepay.sslcommerz.com. All three set → enabled. */
  @IsOptional() @IsUrl({ require_tld: false }) SSLCOMMERZ_BASE_URL?: string;
  @IsOptional() @IsString() SSLCOMMERZ_STORE_ID?: string;
  @IsOptional() @IsString() SSLCOMMERZ_STORE_PASSWORD?: string;
  /** Payment methods routed through SSLCommerz (comma-separated, of rocket and upay). */
  @IsString() SSLCOMMERZ_METHODS = 'rocket,upay';

  // --- emergency and waste management -------------------------------------
  /** An emergency request nobody has accepted after this long goes to every admin (default 5 minutes). */
  @Transform(toInt)
  @IsInt()
  @Min(100)
  EMERGENCY_ESCALATION_DELAY_MS = 300_000;

  /** Citizens notified per transaction when a ward's collection schedule changes. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(5000)
  WASTE_NOTIFY_BATCH_SIZE = 500;
  // --- push (FCM HTTP v1) ----------------------------------------------------
  // Configured when a service account is given (inline or as a file) and a
  // project id is known (FCM_PROJECT_ID, else the account's project_id).
  // Unset → pushes are logged, not sent.
  /** Firebase project id; defaults to the service account's `project_id`. */
  @IsOptional()
  @IsString()
  FCM_PROJECT_ID?: string;

  /** The service account key as inline JSON (the file Firebase downloads, on one line). */
  @IsOptional()
  @IsString()
  FCM_SERVICE_ACCOUNT_JSON?: string;

  /** Path of the service account key file (instead of FCM_SERVICE_ACCOUNT_JSON). */
  @IsOptional()
  @IsString()
  FCM_SERVICE_ACCOUNT_FILE?: string;

  /** Base URL of the FCM HTTP v1 API (messages go to {base}/v1/projects/{id}/messages:send). */
  @IsUrl({ require_tld: false, require_protocol: true })
  FCM_BASE_URL = 'https://fcm.googleapis.com';

  /** Time limit of one FCM or OAuth request. */
  @Transform(toInt)
  @IsInt()
  @Min(100)
  FCM_TIMEOUT_MS = 10_000;

  // --- dashboard ---------------------------------------------------------------
  /** An open complaint of priority উচ্চ (high) older than this many hours counts as overdue. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  COMPLAINT_SLA_HOURS_HIGH = 24;

  /** … of priority মধ্যম (medium). */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  COMPLAINT_SLA_HOURS_MEDIUM = 72;

  /** … of priority নিম্ন (low). */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  COMPLAINT_SLA_HOURS_LOW = 168;

  /** How long an admin dashboard answer is reused from Redis (per ward scope and date range); 0 turns the cache off. */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(60)
  DASHBOARD_CACHE_TTL_SECONDS = 30;
}

export type Env = EnvironmentVariables;

/**
 * A blank variable is an unset one (it takes its default), as in a `.env`
 * file or docker-compose's `${VAR:-}`; without this, `SMS_GATEWAY_URL=`
 * would be an empty URL rather than "no gateway".
 */
function withoutBlanks(raw: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(raw).filter(([, value]) => !(typeof value === 'string' && value.trim() === '')));
}

/** Validates `process.env`-like input; throws one error that lists every problem. */
export function validateEnv(raw: Record<string, unknown>): EnvironmentVariables {
  const env = plainToInstance(EnvironmentVariables, withoutBlanks(raw), { exposeDefaultValues: true });
  const errors = validateSync(env, { skipMissingProperties: false, whitelist: false });
  const problems = errors.flatMap((e) => Object.values(e.constraints ?? {}).map((msg) => `${e.property}: ${msg}`));
  if (env.NODE_ENV === 'production' && env.SECRET_KEY === DEFAULT_SECRET_KEY) {
    problems.push('SECRET_KEY: the development default cannot be used in production');
  }
  for (const method of env.SSLCOMMERZ_METHODS.split(',').map((m) => m.trim())) {
    if (method && !['rocket', 'upay'].includes(method)) problems.push(`SSLCOMMERZ_METHODS: "${method}" is not rocket or upay`);
  }
  if (env.STORAGE_DRIVER === 's3' && !env.S3_BUCKET) {
    problems.push('S3_BUCKET: required when STORAGE_DRIVER=s3');
  }
  if (env.FCM_SERVICE_ACCOUNT_JSON && env.FCM_SERVICE_ACCOUNT_FILE) {
    problems.push('FCM_SERVICE_ACCOUNT_FILE: set either FCM_SERVICE_ACCOUNT_JSON or FCM_SERVICE_ACCOUNT_FILE, not both');
  }
  if (env.FCM_PROJECT_ID && !env.FCM_SERVICE_ACCOUNT_JSON && !env.FCM_SERVICE_ACCOUNT_FILE) {
    problems.push('FCM_PROJECT_ID: needs FCM_SERVICE_ACCOUNT_JSON or FCM_SERVICE_ACCOUNT_FILE');
  }
  if (problems.length) {
    throw new Error(`Invalid environment configuration:\n  - ${problems.join('\n  - ')}`);
  }
  return env;
}
