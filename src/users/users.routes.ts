import { createRoute, z } from '@hono/zod-openapi';
import { adminOnly, managersOnly, signedIn } from '../auth/guards';
import { adminErrors, authErrors, deletionResponses, errorResponse, IdParam, jsonBody, jsonResponse } from '../app/openapi-helpers';
import { pageQuery, paginated } from '../app/pagination';
import { emailRule, passwordRule, phoneRule, UserInfoSchema } from './user-info';

const name = z.string().trim().min(1, '이름을 입력하세요').max(100).openapi({ example: '김영업' });
const employeeNumber = z.string().trim().min(1, '사원번호를 입력하세요').max(50).openapi({ example: 'S1001' });
const imageUrl = z.preprocess(
  (value) => (value === '' ? null : value), // an empty string would break the client's <Image>; it means "none"
  z
  .url({ protocol: /^https?$/, error: '이미지 URL은 http(s) 절대 주소여야 합니다' })
  .max(2048)
  .nullable()
  .openapi({ example: 'https://api.carmate.example/images/1/0b6f2c1d-3d2b-4d8e-9a51-7f0c3a9e44d1.png' }),
);

const sameAsPassword = (body: { password?: string; passwordConfirmation?: string }) =>
  body.password === undefined || body.password === body.passwordConfirmation;
const confirmationMismatch = { message: '비밀번호와 비밀번호 확인이 일치하지 않습니다', path: ['passwordConfirmation'] };

export const SignUpSchema = z
  .object({
    name,
    email: emailRule,
    employeeNumber,
    phoneNumber: phoneRule,
    password: passwordRule,
    passwordConfirmation: z.string().openapi({ example: 'carmate2026' }),
    companyName: z.string().trim().min(1).max(200).openapi({ example: '카메이트 강남점' }),
    companyCode: z.string().trim().min(1).max(50).openapi({ example: 'GANGNAM' }),
  })
  .refine(sameAsPassword, confirmationMismatch)
  .openapi('SignUpRequest');

export const signUp = createRoute({
  operationId: 'signUp',
  method: 'post',
  path: '/users',
  tags: ['Users'],
  summary: 'Sign up as staff of an existing company',
  description:
    'The company name and code must both match an existing company (the code works as an invitation); the new user is `staff`. ' +
    'Wrong name/code pairs are throttled per client IP and per company name (429 with Retry-After), and are checked before any password is hashed.',
  request: { body: jsonBody(SignUpSchema) },
  responses: {
    201: jsonResponse(UserInfoSchema, 'Signed up'),
    400: errorResponse('Invalid fields, passwords differ, or no company with that name and code'),
    429: errorResponse('Too many wrong company names/codes from this IP or for this company; see Retry-After'),
    409: errorResponse('The email, or the employee number within the company, is already registered'),
  },
});

export const getMe = createRoute({
  operationId: 'getMe',
  description: 'The signed-in user\'s profile and company, as the web client shows it in its header and profile page.',
  method: 'get',
  path: '/users/me',
  tags: ['Users'],
  summary: 'The signed-in user',
  ...signedIn,
  responses: {
    200: jsonResponse(UserInfoSchema, 'The signed-in user'),
    ...authErrors,
    404: errorResponse('The account no longer exists'),
  },
});

// The web client sends back more than it may change (e.g. name, email, company); unknown keys are ignored.
export const UpdateMeSchema = z
  .object({
    currentPassword: z.string().min(1, '현재 비밀번호를 입력하세요').max(128).openapi({ example: 'carmate2026' }),
    name: name.optional(),
    employeeNumber: employeeNumber.optional(),
    phoneNumber: phoneRule.optional(),
    imageUrl: imageUrl.optional(),
    // The new password's example differs from the current one's, and the confirmation repeats it.
    password: passwordRule.optional().openapi({ example: 'carmate2027' }),
    passwordConfirmation: z.string().optional().openapi({ example: 'carmate2027' }),
  })
  .refine(sameAsPassword, confirmationMismatch)
  .openapi('UpdateMeRequest');

export const updateMe = createRoute({
  operationId: 'updateMe',
  method: 'patch',
  path: '/users/me',
  tags: ['Users'],
  summary: 'Update the signed-in user (current password required)',
  description:
    'Changing the password ends every other session of the user (their tokens answer 401, their live-board sockets close). ' +
    'Wrong current passwords are throttled per user (429 with Retry-After).',
  ...signedIn,
  request: { body: jsonBody(UpdateMeSchema) },
  responses: {
    200: jsonResponse(UserInfoSchema, 'The updated user'),
    400: errorResponse('Invalid fields, or the current password is wrong'),
    ...authErrors,
    404: errorResponse('The account no longer exists'),
    409: errorResponse('The employee number is taken in the company'),
    429: errorResponse('Too many wrong current passwords; see Retry-After'),
  },
});

export const deleteMe = createRoute({
  operationId: 'deleteMe',
  method: 'delete',
  path: '/users/me',
  tags: ['Users'],
  summary: 'Delete the signed-in user’s account',
  description: 'Their contracts stay with the company, without an owner. Every session of the account ends.',
  ...signedIn,
  responses: {
    204: { description: 'Deleted' },
    ...authErrors,
    404: errorResponse('The account no longer exists'),
    409: errorResponse('The last administrator, or the last manager of a company with other users, cannot be deleted'),
  },
});

export const deleteUser = createRoute({
  operationId: 'deleteUser',
  description: 'Deletes the account; its sessions end at once (tokens answer 401, live-board sockets close) and its profile picture goes with it. The last administrator, or a company\'s last manager while colleagues remain, cannot be deleted (409).',
  method: 'delete',
  path: '/users/{id}',
  tags: ['Admin'],
  summary: 'Delete a user (administrators)',
  ...adminOnly,
  request: { params: IdParam },
  responses: deletionResponses('No such user', {
    403: adminErrors[403],
    409: errorResponse('Administrators delete their own account with DELETE /users/me; the last administrator, or a company’s last manager, cannot be deleted'),
  }),
});

export const RoleSchema = z.object({ role: UserInfoSchema.shape.role }).openapi('SetRoleRequest');

export const ColleagueSchema = UserInfoSchema.pick({ id: true, name: true, email: true, employeeNumber: true, phoneNumber: true, role: true }).openapi('Colleague');

export const setRole = createRoute({
  operationId: 'setUserRole',
  method: 'patch',
  path: '/users/{id}/role',
  tags: ['Users'],
  summary: 'Make a colleague a manager or staff (managers; administrators for any company)',
  description:
    'Managers set roles within their own company (another company’s user is 404); administrators for any company. ' +
    'The user’s sessions end, so their next request signs in again with the new role. A company’s last manager cannot be demoted.',
  ...managersOnly,
  request: { params: IdParam, body: jsonBody(RoleSchema) },
  responses: {
    200: jsonResponse(ColleagueSchema, 'The user with their role'),
    400: errorResponse('Invalid id or role'),
    ...authErrors,
    403: errorResponse('The caller is staff, not a manager'),
    404: errorResponse('No such user in the caller’s company'),
    409: errorResponse('The company’s last manager cannot be demoted'),
  },
});

export const listColleagues = createRoute({
  operationId: 'listColleagues',
  description: 'Everyone in the caller\'s company with their role (staff or manager), for handing contracts over and managing roles. Never another company\'s people.',
  method: 'get',
  path: '/users',
  tags: ['Users'],
  summary: 'The people of the caller’s company, with their roles',
  ...signedIn,
  request: { query: z.object({ ...pageQuery, searchBy: z.enum(['name', 'email']).default('name') }) },
  responses: {
    200: jsonResponse(paginated(ColleagueSchema, 'ColleagueList'), 'A page of colleagues, newest first'),
    400: errorResponse('Invalid query'),
    ...authErrors,
  },
});

export const UserListItemSchema = UserInfoSchema.pick({ id: true, name: true, email: true, employeeNumber: true, phoneNumber: true, role: true })
  .extend({ company: z.object({ companyName: z.string().openapi({ example: '카메이트 강남점' }) }) })
  .openapi('UserListItem');

export const listUsers = createRoute({
  operationId: 'listAllUsers',
  description: 'Every user of every company, paged and searchable by name, email or employee number: the service administrators\' user list.',
  method: 'get',
  path: '/companies/users',
  tags: ['Admin'],
  summary: 'Users of every company (administrators)',
  ...adminOnly,
  request: {
    query: z.object({
      ...pageQuery,
      searchBy: z.enum(['companyName', 'name', 'email']).default('companyName'),
    }),
  },
  responses: {
    200: jsonResponse(paginated(UserListItemSchema, 'UserList'), 'A page of users, newest first'),
    400: errorResponse('Invalid query'),
    ...adminErrors,
  },
});
