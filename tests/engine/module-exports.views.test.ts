/**
 * Facts.exports: a definition a held connection hands out (a mongoose model) is a view of
 * that connection, so the files importing it see its uses as uses of the connection.
 */
import type { ModuleExports } from '../../src/analysis/exports/module-exports.js';
import { factsWith, type DoubleOptions, type ProjectDouble } from '../helpers/project-double.js';

const exportsOf = (code: string, options: DoubleOptions = {}, double: ProjectDouble = {}): ModuleExports => factsWith(code, double, options).exports;
const MONGOOSE = (line: number, module: string) => ({ holder: 'library:mongoose', entity: 'mongoose.Mongoose', opensOnLoad: false, place: { module, line } });

describe('exports: views of a held connection', () => {
  it('calls a model of the default connection a view of it (ESM, TypeScript, CommonJS)', () => {
    expect(exportsOf(`import mongoose from 'mongoose';
export const Order = mongoose.model('Order', new mongoose.Schema({ total: Number }));`, { filename: 'src/models/order.js' })).toEqual({
      Order: { kind: 'view', connection: MONGOOSE(2, 'src/models/order.js') },
    });
    expect(exportsOf(`import mongoose from 'mongoose';
interface OrderDoc { total: number }
export const Order = mongoose.model<OrderDoc>('Order', new mongoose.Schema<OrderDoc>({ total: Number }));`, { typescript: true, filename: 'src/models/order.ts' })).toEqual({
      Order: { kind: 'view', connection: MONGOOSE(3, 'src/models/order.ts') },
    });
    expect(exportsOf(`const mongoose = require('mongoose');
const schema = new mongoose.Schema({ total: Number });
module.exports = mongoose.model('Order', schema);`, { sourceType: 'commonjs', filename: 'lib/models/order.js' })).toEqual({
      default: { kind: 'view', connection: MONGOOSE(3, 'lib/models/order.js') },
    });
  });

  it('calls a model made by the named export a view of the default connection (TypeScript, CommonJS)', () => {
    expect(exportsOf(`import { Schema, model } from 'mongoose';
interface UserDoc { name: string }
export const User = model<UserDoc>('User', new Schema<UserDoc>({ name: String }));`, { typescript: true, filename: 'src/models/user.ts' })).toEqual({
      User: { kind: 'view', connection: MONGOOSE(3, 'src/models/user.ts') },
    });
    expect(exportsOf(`const { Schema, model } = require('mongoose');
module.exports = model('User', new Schema({ name: String }));`, { sourceType: 'commonjs', filename: 'lib/models/user.js' })).toEqual({
      default: { kind: 'view', connection: MONGOOSE(2, 'lib/models/user.js') },
    });
  });

  it('calls a function that returns a model the named export makes a getter of the default connection: each call hands out that one', () => {
    expect(exportsOf(`import { Schema, model } from 'mongoose';
const schema = new Schema({ total: Number });
export function makeModel(name) { return model(name, schema); }
export const total = (order) => order.total;`, { filename: 'src/models/factory.js' })).toEqual({
      makeModel: { kind: 'connection', getter: true, connection: MONGOOSE(3, 'src/models/factory.js') },
    });
  });

  it('calls a model of a connection the module keeps a view of that one', () => {
    expect(exportsOf(`import mongoose from 'mongoose';
const conn = mongoose.createConnection(process.env.MONGO_URL);
export const User = conn.model('User', new mongoose.Schema({ name: String }));`)).toEqual({
      User: { kind: 'view', connection: { holder: 'src/db#conn', entity: 'mongoose.Connection', opensOnLoad: true, place: { module: 'src/db.js', line: 2 }, size: { kind: 'unknown' } } },
    });
  });

  it('leaves out schemas, settings, a model reassigned later, a model made in a function, and plain values of the module object', () => {
    expect(exportsOf(`import mongoose from 'mongoose';
export const orderSchema = new mongoose.Schema({ total: Number });
export const options = mongoose.set('strictQuery', true) && { strict: true };
export let Order = mongoose.model('Order', orderSchema);
Order = undefined;
export function makeModel(name) { return mongoose.model(name, orderSchema); }
export const valid = mongoose.isValidObjectId(process.env.ORDER_ID);`)).toEqual({});
  });

  it('passes on a view another module exports', () => {
    const order: ModuleExports = { Order: { kind: 'view', connection: MONGOOSE(2, 'src/models/order.js') } };
    expect(exportsOf(`export { Order } from './order.js';`, { filename: 'src/models/index.js' }, { modules: { './order.js': order } })).toEqual(order);
    expect(exportsOf(`import { Order } from './order.js';
export const Model = Order;`, { filename: 'src/models/index.js' }, { modules: { './order.js': order } })).toEqual({ Model: order.Order });
  });
});
