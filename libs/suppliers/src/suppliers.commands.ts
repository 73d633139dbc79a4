import type { CommandDefinition } from '@lotstream/recording';
import { APPROVE_SUPPLIER } from './supplier/approve-supplier/approve-supplier.command';
import { RECORD_RECEIVING_INSPECTION } from './supplier/record-receiving-inspection/record-receiving-inspection.command';
import { REGISTER_SUPPLIER } from './supplier/register-supplier/register-supplier.command';
import { REINSTATE_SUPPLIER } from './supplier/reinstate-supplier/reinstate-supplier.command';
import { RESUME_SAMPLING } from './supplier/resume-sampling/resume-sampling.command';
import { SET_SAMPLING_PLAN } from './supplier/set-sampling-plan/set-sampling-plan.command';
import { SUSPEND_SUPPLIER } from './supplier/suspend-supplier/suspend-supplier.command';

/** Supplier write commands, registered in the catalog for POST /v1/batch, the Kafka MES intake and the route policy. */
export const supplierCommands: CommandDefinition[] = [
  REGISTER_SUPPLIER,
  APPROVE_SUPPLIER,
  SUSPEND_SUPPLIER,
  REINSTATE_SUPPLIER,
  SET_SAMPLING_PLAN,
  RESUME_SAMPLING,
  RECORD_RECEIVING_INSPECTION,
];
