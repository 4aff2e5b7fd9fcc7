/** `GET Console/Authentication/Info`: who the token impersonates. */
export interface AuthenticationInfo {
  Company: string;
  ExpiryDate: string;
  IsTrial: boolean;
  UID: string;
  Url: string;
  Username: string;
  Version: string;
}

/** An item of `GET Console/User/Lists`. */
export interface UserList {
  Company: string;
  Description: string;
  Name: string;
  idList: number;
  listGuid: string;
}

/** MailUp's collection envelope. */
export interface Collection<T> {
  IsPaginated: boolean;
  Items: T[];
  PageNumber: number;
  PageSize: number;
  Skipped: number;
  TotalElementsCount: number;
}

/** Paging of a collection call (0-based page number). */
export interface PageOptions {
  pageSize?: number;
  pageNumber?: number;
  signal?: AbortSignal;
}
