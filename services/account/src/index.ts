export { accountService, migrationsFolder } from './service';
