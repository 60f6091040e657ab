import { UserSummaryResponse } from '../../users/dto/users.response.js';

export class TokenPairResponse {
  /** Bearer token for API calls; valid 1 hour. */
  access_token: string;
  /** Exchanged at auth/refresh for a new pair; valid 7 days, once. */
  refresh_token: string;
}

/** The seed's register/login response. */
export class AuthResponse extends TokenPairResponse {
  user: UserSummaryResponse;
}

export class DetailResponse {
  detail: string;
}
