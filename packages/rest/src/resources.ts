export type { Collection, PageOptions } from './paging.js';

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
  Company: string | null;
  Description: string | null;
  Name: string;
  idList: number;
  listGuid: string;
}
