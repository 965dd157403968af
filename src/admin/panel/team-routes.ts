import { DateTime } from 'luxon';
import { z } from 'zod';
import { changeMemberRole, ChangeMemberRoleInput } from '../../app/accounts/change-member-role.ts';
import { createMemberResetLink } from '../../app/accounts/create-member-reset-link.ts';
import { INVITATION_DAYS, RESET_LINK_MINUTES } from '../../app/accounts/account-link.ts';
import { inviteMember, InviteMemberInput } from '../../app/accounts/invite-member.ts';
import { listTeam } from '../../app/accounts/list-team.ts';
import { removeMember } from '../../app/accounts/remove-member.ts';
import { revokeInvitation } from '../../app/accounts/revoke-invitation.ts';
import { mayIssueResetLink, mayManageMember, rolesActorMayGrant, type ResetLinkDelivery } from '../../app/accounts/team-rules.ts';
import { supportedLanguage } from '../../i18n/translator.ts';
import { panelUrl, sendLinkMail } from './account-mail.ts';
import { ADMIN, OWNER } from './panel-access.ts';
import type { PanelDeps } from './panel-deps.ts';
import { formValues, parseForm, type FormValues } from './panel-form.ts';
import type { PanelRequest, PanelRoute } from './panel-route.ts';
import { renderPage, seeOther } from './panel-view.ts';
import type { FastifyReply } from 'fastify';

const IdParam = z.object({ id: z.string().max(64) });

/** A link just made: shown once on the Team page, or (a password link with email on) only emailed. */
interface CreatedLink {
  kind: 'invitation' | 'reset';
  /** The link to copy; absent for a password link that went by email only. */
  url?: string;
  email: string;
  name?: string;
  role?: string;
  /** Whether it was emailed (null: the service sends no email). */
  mailed: boolean | null;
}

interface TeamPageOptions {
  status?: number;
  errors?: Record<string, string>;
  values?: FormValues;
  created?: CreatedLink;
}

/**
 * How the Team page's password links reach members: emailed when the service sends
 * email, so nobody but the member sees one; otherwise handed over by an owner.
 */
function resetDelivery(deps: PanelDeps): ResetLinkDelivery {
  return deps.mailer ? 'email' : 'by_hand';
}

/** The Team page: members with what the viewer may do to each, open invitations, the invite form. */
async function teamPage(deps: PanelDeps, reply: FastifyReply, request: PanelRequest, options: TeamPageOptions = {}): Promise<FastifyReply> {
  const { business, user, t, language } = request.panel;
  const team = await listTeam(deps.ctx, business!.businessId);
  const viewer = business!.role;
  const delivery = resetDelivery(deps);
  const grantable = rolesActorMayGrant(viewer);
  const roleOption = (role: string) => ({ value: role, label: t(`panel.roles.${role}`) });
  const members = team.members.map((m) => {
    const lastOwner = m.role === 'owner' && team.owners <= 1;
    const manage = mayManageMember(viewer, m.role) && !lastOwner;
    return { ...m, isYou: m.userId === user!.id, canChangeRole: manage, canRemove: manage, canReset: mayIssueResetLink(viewer, m.role, delivery) };
  });
  const when = (d: Date) => DateTime.fromJSDate(d, { zone: business!.timeZone }).setLocale(language).toLocaleString(DateTime.DATETIME_MED);
  const invitations = team.invitations.map((i) => ({ ...i, expires: when(i.expiresAt), canRevoke: grantable.includes(i.role) }));
  return renderPage(
    reply,
    request,
    'team/team',
    {
      title: t('panel.team.title'),
      members,
      invitations,
      roleOptions: grantable.map(roleOption),
      created: options.created,
      isOwner: viewer === 'owner',
      emailEnabled: deps.mailer !== undefined,
      resetByEmail: delivery === 'email',
      invitationDays: INVITATION_DAYS,
      resetMinutes: RESET_LINK_MINUTES,
    },
    { status: options.status, errors: options.errors, values: options.values ?? { role: 'staff' } },
  );
}

/** The Team page: members, roles, invitations and password links for members. */
export function teamRoutes(deps: PanelDeps): PanelRoute[] {
  const actor = (request: PanelRequest) => ({ businessId: request.panel.business!.businessId, userId: request.panel.user!.id });
  const teamUrl = (request: PanelRequest) => `/admin/b/${request.panel.business!.slug}/team`;
  return [
    {
      method: 'GET',
      url: '/b/:slug/team',
      access: ADMIN,
      handler: async (request, reply) => teamPage(deps, reply, request),
    },
    {
      method: 'POST',
      url: '/b/:slug/team/invite',
      access: ADMIN,
      handler: async (request, reply) => {
        const form = parseForm(InviteMemberInput, request.body);
        if (!form.ok) return teamPage(deps, reply, request, { status: 422, errors: form.errors, values: form.values });
        const { businessId, userId } = actor(request);
        const outcome = await inviteMember(deps.ctx, businessId, userId, form.data);
        if (outcome.kind === 'not_allowed') return teamPage(deps, reply, request, { status: 403, errors: { role: 'team_role_not_allowed' }, values: formValues(request.body) });
        if (outcome.kind === 'already_member') return teamPage(deps, reply, request, { status: 422, errors: { email: 'team_already_member' }, values: formValues(request.body) });
        const { t, language, user, business } = request.panel;
        const url = panelUrl(deps, `/invite/${outcome.token}`);
        const mailed = deps.mailer
          ? await sendLinkMail(deps, request.log, {
              to: outcome.email,
              language,
              subjectKey: 'panel.invite.mail_subject',
              bodyKey: 'panel.invite.mail_body',
              params: { inviter: user!.name, business: business!.name, role: t(`panel.roles.${outcome.role}`), link: url, days: INVITATION_DAYS },
            })
          : null;
        return teamPage(deps, reply, request, { created: { kind: 'invitation', url, email: outcome.email, role: outcome.role, mailed } });
      },
    },
    {
      method: 'POST',
      url: '/b/:slug/team/invitations/:id/revoke',
      access: ADMIN,
      handler: async (request, reply) => {
        const { businessId, userId } = actor(request);
        const outcome = await revokeInvitation(deps.ctx, businessId, userId, IdParam.parse(request.params).id);
        if (outcome.kind === 'not_allowed') return teamPage(deps, reply, request, { status: 403, errors: { _form: 'team_not_allowed' } });
        return seeOther(reply, teamUrl(request));
      },
    },
    {
      method: 'POST',
      url: '/b/:slug/team/members/:id/role',
      access: ADMIN,
      handler: async (request, reply) => {
        const form = parseForm(ChangeMemberRoleInput, request.body);
        if (!form.ok) return teamPage(deps, reply, request, { status: 422, errors: { _form: 'team_role_invalid' } });
        const { businessId, userId } = actor(request);
        const outcome = await changeMemberRole(deps.ctx, businessId, userId, IdParam.parse(request.params).id, form.data);
        if (outcome.kind === 'not_allowed') return teamPage(deps, reply, request, { status: 403, errors: { _form: 'team_not_allowed' } });
        if (outcome.kind === 'last_owner') return teamPage(deps, reply, request, { status: 409, errors: { _form: 'team_last_owner' } });
        // Someone who just gave up the right to manage the team goes to the business's home.
        const self = outcome.kind === 'changed' && outcome.self;
        return seeOther(reply, self ? `/admin/b/${request.panel.business!.slug}` : teamUrl(request));
      },
    },
    {
      method: 'POST',
      url: '/b/:slug/team/members/:id/remove',
      access: ADMIN,
      handler: async (request, reply) => {
        const { businessId, userId } = actor(request);
        const outcome = await removeMember(deps.ctx, businessId, userId, IdParam.parse(request.params).id);
        if (outcome.kind === 'not_allowed') return teamPage(deps, reply, request, { status: 403, errors: { _form: 'team_not_allowed' } });
        if (outcome.kind === 'last_owner') return teamPage(deps, reply, request, { status: 409, errors: { _form: 'team_last_owner' } });
        return seeOther(reply, outcome.self ? '/admin' : teamUrl(request));
      },
    },
    {
      method: 'POST',
      url: '/b/:slug/team/members/:id/reset-link',
      // A link shown on the page opens the member's account to whoever sees it: without
      // email only an owner may make one (issue 13); with email it goes to the member only.
      access: deps.mailer ? ADMIN : OWNER,
      handler: async (request, reply) => {
        const { businessId, userId } = actor(request);
        const delivery = resetDelivery(deps);
        const outcome = await createMemberResetLink(deps.ctx, businessId, userId, IdParam.parse(request.params).id, delivery);
        if (outcome.kind === 'not_allowed') return teamPage(deps, reply, request, { status: 403, errors: { _form: 'team_not_allowed' } });
        if (outcome.kind === 'other_businesses') return teamPage(deps, reply, request, { status: 409, errors: { _form: 'team_other_businesses' } });
        const url = panelUrl(deps, `/password-reset/${outcome.token}`);
        const created = { kind: 'reset' as const, email: outcome.email, name: outcome.name };
        // Without email, the owner hands it over (chat, in person); shown this once.
        if (delivery === 'by_hand') return teamPage(deps, reply, request, { created: { ...created, url, mailed: null } });
        const { user, business } = request.panel;
        const mailed = await sendLinkMail(deps, request.log, {
          to: outcome.email,
          language: supportedLanguage(outcome.locale) ?? supportedLanguage(business!.defaultLocale) ?? request.panel.language,
          subjectKey: 'panel.team.reset_mail_subject',
          bodyKey: 'panel.team.reset_mail_body',
          params: { name: outcome.name, email: outcome.email, maker: user!.name, business: business!.name, link: url, minutes: RESET_LINK_MINUTES },
        });
        // Never the link itself: only the member may see it.
        return teamPage(deps, reply, request, { created: { ...created, mailed } });
      },
    },
  ];
}
