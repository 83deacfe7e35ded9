// The Kusari module: Chainer's model of the world in Swift. Re-exports the array layer.
@_exported import KusariArray
