import { describeFailure } from './read-failure.ts';
import { seen, unseen, type SalesforceReader, type Seen } from './salesforce-reader.ts';
import { queryRows, soqlString, text } from './soql-query.ts';

/** The checked user as their own User record shows them. */
export interface UserFacts {
  id: string;
  name: string | null;
  username: string | null;
  profileId: string | null;
  /** `User.Profile.Name`; standard profile names may be translated into the org's language. */
  profileName: string | null;
}

/** Reads the user's name, username and profile; any failure means "not visible". */
export async function readUser(reader: SalesforceReader, userId: string): Promise<Seen<UserFacts>> {
  try {
    const [row] = await queryRows(
      reader,
      `SELECT Id, Name, Username, ProfileId, Profile.Name FROM User WHERE Id = ${soqlString(userId)}`,
    );
    if (!row) return unseen(`Salesforce shows no User with id ${userId} to this user`);
    return seen({
      id: text(row, 'Id') ?? userId,
      name: text(row, 'Name'),
      username: text(row, 'Username'),
      profileId: text(row, 'ProfileId'),
      profileName: text(row, 'Profile.Name'),
    });
  } catch (error) {
    return unseen(`the User record could not be read: ${describeFailure(error)}`);
  }
}
