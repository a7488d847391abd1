import './ensure-generated';
import { familyTable } from './table';

familyTable('personal');
