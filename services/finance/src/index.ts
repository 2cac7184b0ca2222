export { financeService, migrationsFolder } from './service';
