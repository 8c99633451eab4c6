/**
 * The role → permission table is the contract's, shared with the dashboard, which offers only what it allows. Every
 * admin route declares exactly one permission; `team_admin` and `member` permissions hold only inside their own
 * teams, checked by each service.
 */
export { Permission, ROLE_PERMISSIONS, roleAllows } from '@switchyard/contracts';
