export { policyService, migrationsFolder } from './service';
