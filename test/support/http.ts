/** Parses a JSON response body for assertions (tests check shapes at run time, not via types). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function readJson(res: Response): Promise<any> {
  return res.json();
}
